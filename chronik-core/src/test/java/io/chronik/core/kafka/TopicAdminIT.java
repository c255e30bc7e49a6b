package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TopicAdminIT {

    private RunningBroker broker;
    private Admin admin;

    @BeforeEach
    void start() {
        broker = RunningBroker.start();
        admin = broker.admin();
    }

    @AfterEach
    void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void createsListsDescribesAndDeletesTopics() throws Exception {
        admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1), new NewTopic("audit", Optional.empty(),
                Optional.empty()))).all().get();

        assertThat(admin.listTopics().names().get()).containsExactlyInAnyOrder("orders", "audit");
        Map<String, TopicDescription> described = admin.describeTopics(List.of("orders", "audit"))
                .allTopicNames().get();
        TopicDescription orders = described.get("orders");
        assertThat(orders.partitions()).hasSize(3);
        assertThat(orders.topicId().toString()).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAA");
        assertThat(orders.partitions()).allSatisfy(p -> {
            assertThat(p.leader().id()).isEqualTo(1);
            assertThat(p.replicas()).extracting(n -> n.id()).containsExactly(1);
            assertThat(p.isr()).extracting(n -> n.id()).containsExactly(1);
        });
        assertThat(described.get("audit").partitions()).hasSize(1);
        assertThat(admin.describeCluster().clusterId().get()).isEqualTo(RunningBroker.CLUSTER_ID);
        assertThat(admin.describeCluster().controller().get().id()).isEqualTo(1);

        admin.deleteTopics(List.of("orders")).all().get();
        assertThat(admin.listTopics().names().get()).containsExactly("audit");
    }

    @Test
    void rejectsInvalidDuplicateAndUnsatisfiableTopics() throws Exception {
        admin.createTopics(List.of(new NewTopic("tak_en", 1, (short) 1))).all().get();
        admin.createTopics(List.of(new NewTopic("taken", 1, (short) 1))).all().get();

        assertCause(() -> admin.createTopics(List.of(new NewTopic("bad name!", 1, (short) 1))).all().get(),
                InvalidTopicException.class);
        assertCause(() -> admin.createTopics(List.of(new NewTopic("taken", 1, (short) 1))).all().get(),
                TopicExistsException.class);
        assertCause(() -> admin.createTopics(List.of(new NewTopic("replicated", 1, (short) 3))).all().get(),
                InvalidReplicationFactorException.class);
        assertCause(() -> admin.createTopics(List.of(new NewTopic("empty", 0, (short) 1))).all().get(),
                InvalidPartitionsException.class);
        assertCause(() -> admin.createTopics(List.of(new NewTopic("huge", TopicManager.MAX_PARTITIONS + 1,
                (short) 1))).all().get(), InvalidPartitionsException.class);
        assertCause(() -> admin.createTopics(List.of(new NewTopic("a".repeat(250), 1, (short) 1))).all().get(),
                InvalidTopicException.class);
        assertCause(() -> admin.createTopics(List.of(new NewTopic("tak.en", 1, (short) 1))).all().get(),
                InvalidTopicException.class);
        assertCause(() -> admin.deleteTopics(List.of("missing")).all().get(),
                UnknownTopicOrPartitionException.class);

        assertThat(admin.listTopics().names().get()).containsExactlyInAnyOrder("taken", "tak_en");
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        admin.createTopics(List.of(new NewTopic("dry-run", 2, (short) 1)),
                new CreateTopicsOptions().validateOnly(true)).all().get();

        assertThat(admin.listTopics().names().get()).isEmpty();
    }

    @Test
    void topicsSurviveARestart() throws Exception {
        admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1), new NewTopic("dropped", 1, (short) 1)))
                .all().get();
        admin.deleteTopics(List.of("dropped")).all().get();
        String keptId = admin.describeTopics(List.of("kept")).allTopicNames().get().get("kept").topicId().toString();
        admin.close();
        broker.close();

        broker = new RunningBroker(broker.storage, s -> s);
        admin = broker.admin();

        TopicDescription kept = admin.describeTopics(List.of("kept")).allTopicNames().get().get("kept");
        assertThat(kept.topicId().toString()).isEqualTo(keptId);
        assertThat(kept.partitions()).hasSize(2);
        assertThat(admin.listTopics().names().get()).containsExactly("kept");
    }

    private static void assertCause(ThrowingCall call, Class<? extends Throwable> expected) {
        assertThatThrownBy(call::run).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(expected);
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
