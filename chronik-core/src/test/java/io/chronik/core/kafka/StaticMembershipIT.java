package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.testkit.wal.MemoryWal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Static membership: a consumer restarted with the same {@code group.instance.id} within its session
 * gets its old assignment back in the same generation, without a rebalance of the group, although
 * its subscription metadata (owned partitions, generation) is not byte-for-byte the old one.
 */
@Timeout(120)
class StaticMembershipIT {

    private static final String GROUP = "static-group";
    private final RunningBroker broker = GroupTesting.start(new MemoryWal.Storage());

    @AfterEach
    void stop() {
        broker.close();
    }

    private KafkaConsumer<byte[], byte[]> staticMember(String instanceId) {
        KafkaConsumer<byte[], byte[]> consumer = GroupTesting.member(broker, GROUP, Map.of(
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 20_000));
        consumer.subscribe(List.of("static"));
        return consumer;
    }

    private static void pollUntilAssigned(KafkaConsumer<byte[], byte[]> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        assertThat(consumer.assignment()).isNotEmpty();
    }

    @Test
    void aQuicklyRestartedStaticMemberKeepsItsGenerationAndAssignment() throws Exception {
        GroupTesting.createTopic(broker, "static", 4);
        KafkaConsumer<byte[], byte[]> first = staticMember("instance-1");
        pollUntilAssigned(first);
        // the first member now owns partitions, so its metadata differs from a fresh consumer's
        KafkaConsumer<byte[], byte[]> second = staticMember("instance-2");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((first.assignment().size() + second.assignment().size() != 4
                || first.groupMetadata().generationId() != second.groupMetadata().generationId())
                && System.nanoTime() < deadline) {
            first.poll(Duration.ofMillis(50));
            second.poll(Duration.ofMillis(50));
        }
        int generation = first.groupMetadata().generationId();
        Set<TopicPartition> firstAssignment = Set.copyOf(first.assignment());
        String oldMemberId = first.groupMetadata().memberId();
        assertThat(firstAssignment).hasSize(2);

        first.close();
        KafkaConsumer<byte[], byte[]> restarted = staticMember("instance-1");
        pollUntilAssigned(restarted);
        second.poll(Duration.ofMillis(500));

        assertThat(restarted.groupMetadata().generationId()).isEqualTo(generation);
        assertThat(restarted.groupMetadata().memberId()).isNotEqualTo(oldMemberId);
        assertThat(restarted.assignment()).isEqualTo(firstAssignment);
        assertThat(second.groupMetadata().generationId()).isEqualTo(generation);
        try (Admin admin = broker.admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(group.members()).extracting(MemberDescription::groupInstanceId)
                    .map(id -> id.orElseThrow()).containsExactlyInAnyOrder("instance-1", "instance-2");
            assertThat(group.members()).extracting(MemberDescription::consumerId)
                    .contains(restarted.groupMetadata().memberId()).doesNotContain(oldMemberId);
        }
        restarted.close();
        second.close();
    }
}
