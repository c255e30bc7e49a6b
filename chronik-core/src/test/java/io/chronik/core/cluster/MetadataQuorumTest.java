package io.chronik.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.core.kafka.KafkaTopicRules;
import io.chronik.core.metadata.MetadataCommand;
import io.chronik.core.metadata.MetadataStateMachine;
import io.chronik.core.metadata.MetadataStateMachine.Applied;
import io.chronik.core.raft.FileQuorumStateStore;
import io.chronik.core.raft.FileSnapshotStore;
import io.chronik.core.raft.NotLeaderException;
import io.chronik.core.raft.RaftConfig;
import io.chronik.core.raft.RoleKind;
import io.chronik.spi.Time;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.testkit.TestPluginContext;
import io.chronik.testkit.wal.FaultInjectingFileChannels;
import io.chronik.testkit.wal.MemoryWal;
import io.chronik.wal.disruptor.DisruptorWalProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MetadataQuorumTest {

    private final MemoryWal.Storage storage = new MemoryWal.Storage();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private ClusterMetadata soleVoter(List<Applied> applied) {
        ClusterMetadata metadata = new ClusterMetadata(ClusterMetadata.Settings.soleVoter(1),
                new MemoryWal(storage, 1 << 20), SoleVoterStateStore::new, new PeerRouter(meters), Optional.empty(),
                new KafkaTopicRules(), Time.SYSTEM, meters);
        metadata.start(applied::add);
        return metadata;
    }

    private ClusterMetadata snapshotting(Path dir) {
        ClusterMetadata metadata = new ClusterMetadata(ClusterMetadata.Settings.soleVoter(1),
                new MemoryWal(storage, 1 << 20), log -> new FileQuorumStateStore(dir.resolve("quorum-state")),
                new ClusterMetadata.Snapshots(new FileSnapshotStore(dir.resolve("snapshots")), 5),
                new PeerRouter(meters), Optional.empty(), new KafkaTopicRules(), Time.SYSTEM, meters);
        metadata.start(applied -> { });
        return metadata;
    }

    @Test
    void aQuorumOfOneSnapshotsEveryIntervalAndRestartsFromItsNewestSnapshot(@TempDir Path dir) throws Exception {
        String digest;
        try (ClusterMetadata metadata = snapshotting(dir)) {
            await().atMost(Duration.ofSeconds(5)).until(metadata.quorum()::leaderReady);
            for (int i = 0; i < 12; i++) {
                metadata.quorum().propose(MetadataCommand.CreateTopic.of("t" + i, Uuid.randomUuid(),
                        List.of(List.of(1)), Map.of())).get(5, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("chronik.metadata.snapshots").counter()
                    .count() >= 2);
            assertThat(meters.get("chronik.metadata.snapshot.bytes").gauge().value()).isPositive();
            assertThat(meters.get("chronik.metadata.log.start").gauge().value()).as("the log was freed").isPositive();
            digest = metadata.state().digest();
        }

        try (ClusterMetadata reopened = snapshotting(dir)) {
            assertThat(reopened.quorum().logStartOffset()).as("opened from a snapshot, not offset 0").isPositive();
            reopened.quorum().caughtUp().get(5, TimeUnit.SECONDS);
            assertThat(reopened.state().digest()).isEqualTo(digest);
            assertThat(reopened.state().topics()).hasSize(12);
        }
    }

    @Test
    void aQuorumOfOneCommitsAppliesAndReplaysItsLogAfterARestart() throws Exception {
        List<Applied> applied = new CopyOnWriteArrayList<>();
        String digest;
        long committedOffset;
        int term;
        try (ClusterMetadata metadata = soleVoter(applied)) {
            await().atMost(Duration.ofSeconds(5)).until(metadata.quorum()::leaderReady);
            assertThat(metadata.quorum().caughtUp()).isDone();
            MetadataQuorum.Committed committed = metadata.quorum().propose(MetadataCommand.CreateTopic.of("t",
                    Uuid.randomUuid(), List.of(List.of(1)), Map.of())).get(5, TimeUnit.SECONDS);

            assertThat(committed.applied()).isInstanceOf(Applied.TopicCreated.class);
            assertThat(metadata.quorum().awaitApplied(committed.offset())).isDone();
            assertThat(metadata.state().topic("t")).isPresent();
            assertThat(applied).containsExactly(committed.applied());
            assertThat(meters.get("chronik.metadata.commit.latency").timer().count()).isEqualTo(1);
            assertThat(meters.get("chronik.metadata.term").gauge().value()).isPositive();
            digest = metadata.state().digest();
            committedOffset = committed.offset();
            term = metadata.quorum().status().term();
        }

        applied.clear();
        try (ClusterMetadata reopened = soleVoter(applied)) {
            reopened.quorum().caughtUp().get(5, TimeUnit.SECONDS);
            assertThat(reopened.state().digest()).isEqualTo(digest);
            assertThat(reopened.state().lastAppliedOffset()).isEqualTo(committedOffset);
            assertThat(applied).as("the replay goes to the listener too").hasSize(1);
            await().atMost(Duration.ofSeconds(5)).until(reopened.quorum()::leaderReady);
            assertThat(reopened.quorum().status().term()).as("a new term above every stored epoch")
                    .isGreaterThan(term);
        }
    }

    @Test
    void aWriteThroughTheControllerIsValidatedAgainstTheLatestState() {
        try (ClusterMetadata metadata = soleVoter(new CopyOnWriteArrayList<>())) {
            assertThat(metadata.register("127.0.0.1", 9092).succeeded()).isTrue();
            MetadataOperation create = new MetadataOperation.CreateTopic("orders", 2, 1, List.of(), new TreeMap<>(),
                    false);

            OperationResult first = metadata.client().call(create);
            OperationResult second = metadata.client().call(create);
            OperationResult tooWide = metadata.client().call(new MetadataOperation.CreateTopic("wide", 1, 2, List.of(),
                    new TreeMap<>(), false));
            OperationResult ids = metadata.client().call(new MetadataOperation.AllocateProducerIds(1000));
            OperationResult moreIds = metadata.client().call(new MetadataOperation.AllocateProducerIds(1000));

            assertThat(first.succeeded()).isTrue();
            assertThat(first.appliedOffset()).isLessThan(metadata.quorum().status().highWatermark());
            assertThat(second.error()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
            assertThat(tooWide.error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
            assertThat(ids.value()).isZero();
            assertThat(moreIds.value()).isEqualTo(1000);
            assertThat(metadata.state().topic("orders").orElseThrow().partitions()).isEqualTo(2);
        }
    }

    @Test
    void alterIsrIsValidatedByLeaderEpochAndCommitted() throws Exception {
        try (ClusterMetadata metadata = soleVoter(new CopyOnWriteArrayList<>())) {
            assertThat(metadata.register("127.0.0.1", 9092).succeeded()).isTrue();
            assertThat(metadata.client().call(new MetadataOperation.RegisterBroker(2, "127.0.0.1", 9093)).succeeded())
                    .isTrue();
            assertThat(metadata.client().call(new MetadataOperation.CreateTopic("isr", -1, -1,
                    List.of(List.of(1, 2)), new TreeMap<>(), false)).succeeded()).isTrue();
            Uuid id = metadata.state().topic("isr").orElseThrow().topicId();
            PartitionController controller = metadata.partitionController();

            assertThat(controller.alterIsr(id, 0, 1, 0, new TreeSet<>(Set.of(1))).get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(metadata.state().assignment(id, 0).orElseThrow().isr()).containsExactly(1);
            assertThat(controller.alterIsr(id, 0, 1, 3, new TreeSet<>(Set.of(1, 2))).get(5, TimeUnit.SECONDS))
                    .as("a stale or future leader epoch").isFalse();
            assertThat(controller.alterIsr(id, 0, 2, 0, new TreeSet<>(Set.of(1, 2))).get(5, TimeUnit.SECONDS))
                    .as("not the leader").isFalse();
            assertThat(controller.alterIsr(id, 0, 1, 0, new TreeSet<>(Set.of(1, 3))).get(5, TimeUnit.SECONDS))
                    .as("3 is no replica").isFalse();
            assertThat(controller.alterIsr(id, 0, 1, 0, new TreeSet<>(Set.of(1, 2))).get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(metadata.state().assignment(id, 0).orElseThrow().isr()).containsExactly(1, 2);
        }
    }

    @Test
    void aFailedWalStopsTheQuorumAndFailsItsWriters(@TempDir Path dir) throws Exception {
        FaultInjectingFileChannels files = new FaultInjectingFileChannels();
        TestPluginContext context = new TestPluginContext().withFiles(files);
        try (Wal wal = new DisruptorWalProvider().create(new WalConfig(dir, new FlushPolicy.Batch(),
                WalConfig.MIN_SEGMENT_BYTES, 64 * 1024, PluginProperties.empty("wal.disruptor.")), context);
             ClusterMetadata metadata = new ClusterMetadata(ClusterMetadata.Settings.soleVoter(1), wal,
                     SoleVoterStateStore::new, new PeerRouter(meters), Optional.empty(), new KafkaTopicRules(),
                     Time.SYSTEM, meters)) {
            metadata.start(applied -> { });
            await().atMost(Duration.ofSeconds(5)).until(metadata.quorum()::leaderReady);
            files.failForce(1);

            OperationResult result = metadata.client().call(new MetadataOperation.AllocateProducerIds(10));

            assertThat(result.succeeded()).isFalse();
            assertThat(metadata.quorum().failed()).succeedsWithin(Duration.ofSeconds(5));
            assertThat(metadata.quorum().awaitApplied(Long.MAX_VALUE - 1)).isCompletedExceptionally();
            assertThat(metadata.quorum().status().leader()).as("a stopped quorum claims no leader").isEmpty();
        }
    }

    @Test
    void withoutAMajorityNothingCommitsAndWritersGetARetriableError() {
        MemoryWal wal = new MemoryWal(storage, 1 << 20);
        PeerRouter unattached = new PeerRouter(meters); // no transport: the other voter is never reached
        ClusterMetadata.Settings settings = new ClusterMetadata.Settings(1, new TreeSet<>(Set.of(1, 2)),
                Duration.ofSeconds(9), Duration.ofMillis(300), Optional.empty());
        try (ClusterMetadata metadata = new ClusterMetadata(settings, wal, SoleVoterStateStore::new, unattached,
                Optional.empty(), new KafkaTopicRules(), Time.SYSTEM, meters)) {
            metadata.start(applied -> { });

            OperationResult result = metadata.client().call(new MetadataOperation.AllocateProducerIds(10));

            assertThat(result.error()).isEqualTo(Errors.NOT_CONTROLLER);
            assertThat(result.message()).hasValueSatisfying(m -> assertThat(m).contains("no metadata leader"));
            assertThat(metadata.quorum().propose(new MetadataCommand.FenceBroker(2)))
                    .failsWithin(Duration.ofSeconds(1)).withThrowableThat().withCauseInstanceOf(NotLeaderException.class);
            assertThat(metadata.quorum().status().role()).isNotEqualTo(RoleKind.LEADER);
        }
    }

    @Test
    void theFastElectionOfAQuorumOfOneIsOnlyForAQuorumOfOne() {
        assertThat(ClusterMetadata.Settings.soleVoter(1).raftConfig().electionTimeoutMs()).isLessThan(10);
        ClusterMetadata.Settings three = new ClusterMetadata.Settings(1, new TreeSet<>(Set.of(1, 2, 3)),
                Duration.ofSeconds(9), Duration.ofSeconds(10), Optional.empty());
        assertThat(three.raftConfig()).isEqualTo(RaftConfig.defaults(1, Set.of(1, 2, 3)));
        assertThat(new MetadataStateMachine().digest()).isEqualTo(new MetadataStateMachine().digest());
    }
}
