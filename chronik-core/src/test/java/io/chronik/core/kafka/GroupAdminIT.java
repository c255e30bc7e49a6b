package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.testkit.wal.MemoryWal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The AdminClient's consumer-group operations against the coordinator. */
@Timeout(120)
class GroupAdminIT {

    private static final String GROUP = "admin-group";
    private static final TopicPartition P0 = new TopicPartition("audited", 0);
    private static final TopicPartition P1 = new TopicPartition("audited", 1);

    private final RunningBroker broker = GroupTesting.start(new MemoryWal.Storage());

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void listDescribeAlterAndDeleteAConsumerGroup() throws Exception {
        GroupTesting.createTopic(broker, "audited", 2);
        GroupTesting.produce(broker, "audited", "r", 40);
        KafkaConsumer<byte[], byte[]> consumer = GroupTesting.member(broker, GROUP, Map.of());
        try (Admin admin = broker.admin()) {
            consumer.subscribe(List.of("audited"));
            int consumed = 0;
            while (consumed < 40) {
                consumed += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();

            assertThat(consumerGroups(admin, ListGroupsOptions.forConsumerGroups()))
                    .containsEntry(GROUP, GroupState.STABLE);
            assertThat(consumerGroups(admin, ListGroupsOptions.forConsumerGroups().inGroupStates(
                    Set.of(GroupState.EMPTY)))).doesNotContainKey(GROUP);
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(description.partitionAssignor()).isEqualTo("range");
            assertThat(description.members()).hasSize(1);
            MemberDescription member = description.members().iterator().next();
            assertThat(member.consumerId()).isEqualTo(consumer.groupMetadata().memberId());
            assertThat(member.assignment().topicPartitions()).containsExactlyInAnyOrder(P0, P1);

            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            assertThat(offsets.get(P0).offset() + offsets.get(P1).offset()).isEqualTo(40);

            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of(GROUP)).all().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupNotEmptyException.class);
            assertThatThrownBy(() -> admin.deleteConsumerGroupOffsets(GROUP, Set.of(P0)).all().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupSubscribedToTopicException.class);
            assertThatThrownBy(() -> admin.alterConsumerGroupOffsets(GROUP,
                    Map.of(P0, new OffsetAndMetadata(0))).all().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownMemberIdException.class);

            consumer.close();
            assertThat(admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).groupState())
                    .isEqualTo(GroupState.EMPTY);
            assertThat(consumerGroups(admin, ListGroupsOptions.forConsumerGroups().inGroupStates(
                    Set.of(GroupState.EMPTY)))).containsEntry(GROUP, GroupState.EMPTY);

            admin.alterConsumerGroupOffsets(GROUP, Map.of(P0, new OffsetAndMetadata(3, "reset"))).all().get();
            Map<TopicPartition, OffsetAndMetadata> reset = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            assertThat(reset.get(P0)).isEqualTo(new OffsetAndMetadata(3, "reset"));
            assertThat(reset.get(P1)).isEqualTo(offsets.get(P1));

            admin.deleteConsumerGroupOffsets(GROUP, Set.of(P1)).all().get();
            assertThat(admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get())
                    .containsOnlyKeys(P0);

            admin.deleteConsumerGroups(List.of(GROUP)).all().get();
            assertThat(consumerGroups(admin, new ListGroupsOptions())).doesNotContainKey(GROUP);
            assertThat(admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()).isEmpty();
            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of(GROUP)).all().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupIdNotFoundException.class);
        }
    }

    private static Map<String, GroupState> consumerGroups(Admin admin, ListGroupsOptions options) throws Exception {
        Map<String, GroupState> groups = new HashMap<>();
        for (GroupListing listing : admin.listGroups(options).all().get()) {
            groups.put(listing.groupId(), listing.groupState().orElseThrow());
        }
        return groups;
    }

    @Test
    void groupDeletionSurvivesARestart() throws Exception {
        GroupTesting.createTopic(broker, "audited", 2);
        try (Admin admin = broker.admin()) {
            admin.alterConsumerGroupOffsets("kept", Map.of(P0, new OffsetAndMetadata(5))).all().get();
            admin.alterConsumerGroupOffsets("dropped", Map.of(P1, new OffsetAndMetadata(7))).all().get();
            admin.deleteConsumerGroups(List.of("dropped")).all().get();
        }
        broker.close();
        try (RunningBroker restarted = GroupTesting.start(broker.storage); Admin admin = restarted.admin()) {
            assertThat(consumerGroups(admin, new ListGroupsOptions())).containsKey("kept").doesNotContainKey("dropped");
            assertThat(admin.listConsumerGroupOffsets("kept").partitionsToOffsetAndMetadata().get())
                    .isEqualTo(Map.of(P0, new OffsetAndMetadata(5)));
            assertThat(admin.listConsumerGroupOffsets("dropped").partitionsToOffsetAndMetadata().get()).isEmpty();
        }
    }
}
