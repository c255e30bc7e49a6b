package io.chronik.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.core.kafka.KafkaTopicRules;
import io.chronik.core.metadata.PartitionReassignment;
import io.chronik.spi.Time;
import io.chronik.testkit.wal.MemoryWal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The controller's checks of AlterPartitionReassignments, on a quorum of one with brokers 1-3 registered. */
@Timeout(30)
class ReassignmentValidationTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ClusterMetadata metadata;
    private Uuid topicId;

    @BeforeEach
    void topicOnOneAndTwo() {
        metadata = new ClusterMetadata(ClusterMetadata.Settings.soleVoter(1),
                new MemoryWal(new MemoryWal.Storage(), 1 << 20), SoleVoterStateStore::new, new PeerRouter(meters),
                Optional.empty(), new KafkaTopicRules(), Time.SYSTEM, meters);
        metadata.start(applied -> { });
        await().atMost(Duration.ofSeconds(5)).until(metadata.quorum()::leaderReady);
        for (int id = 1; id <= 3; id++) {
            assertThat(call(new MetadataOperation.RegisterBroker(id, "127.0.0.1", 9000 + id)).succeeded()).isTrue();
        }
        assertThat(call(new MetadataOperation.CreateTopic("t", -1, -1, List.of(List.of(1, 2)), new TreeMap<>(), false))
                .succeeded()).isTrue();
        topicId = metadata.state().topic("t").orElseThrow().topicId();
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    private OperationResult call(MetadataOperation operation) {
        return metadata.client().call(operation);
    }

    private OperationResult reassign(String topic, int partition, List<Integer> target) {
        return call(new MetadataOperation.ReassignPartition(topic, partition, Optional.of(target), true));
    }

    @Test
    void refusesUnknownPartitionsAndInvalidReplicaSetsNamingTheProblem() {
        assertThat(reassign("nope", 0, List.of(1)).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(reassign("t", 1, List.of(1)).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(reassign("t", 0, List.of())).satisfies(r -> {
            assertThat(r.error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
            assertThat(r.message()).hasValueSatisfying(m -> assertThat(m).contains("empty"));
        });
        assertThat(reassign("t", 0, List.of(2, 3, 2))).satisfies(r -> {
            assertThat(r.error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
            assertThat(r.message()).hasValueSatisfying(m -> assertThat(m).contains("broker 2 more than once"));
        });
        assertThat(reassign("t", 0, List.of(2, 9))).satisfies(r -> {
            assertThat(r.error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
            assertThat(r.message()).hasValueSatisfying(m -> assertThat(m).contains("broker 9"));
        });
        assertThat(call(new MetadataOperation.ReassignPartition("t", 0, Optional.of(List.of(3)), false)).error())
                .as("the replication factor may not change").isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(call(new MetadataOperation.ReassignPartition("t", 0, Optional.empty(), true)).error())
                .isEqualTo(Errors.NO_REASSIGNMENT_IN_PROGRESS);
        assertThat(metadata.state().reassignment(topicId, 0)).isEmpty();
        assertThat(metadata.state().assignment(topicId, 0).orElseThrow().replicas()).containsExactly(1, 2);
    }

    @Test
    void startsAndCancelsAReassignmentAndTheCurrentReplicasChangeNothing() {
        OperationResult same = reassign("t", 0, List.of(1, 2));
        assertThat(same.succeeded()).isTrue();
        assertThat(same.appliedOffset()).as("nothing written").isEqualTo(-1);

        assertThat(reassign("t", 0, List.of(2, 3)).succeeded()).isTrue();
        assertThat(metadata.state().reassignment(topicId, 0))
                .hasValue(new PartitionReassignment(List.of(2, 3), List.of(1, 2)));
        assertThat(metadata.state().assignment(topicId, 0).orElseThrow().replicas()).containsExactly(2, 3, 1);

        assertThat(call(new MetadataOperation.ReassignPartition("t", 0, Optional.empty(), false)).succeeded()).isTrue();
        assertThat(metadata.state().reassignment(topicId, 0)).isEmpty();
        assertThat(metadata.state().assignment(topicId, 0).orElseThrow().replicas()).containsExactly(1, 2);
    }
}
