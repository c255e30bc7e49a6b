package io.chronik.core.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chronik.core.cluster.PartitionAssignment;
import io.chronik.core.cluster.PartitionController;
import io.chronik.core.cluster.PeerChannel;
import io.chronik.core.cluster.PeerRouter;
import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.StoredBatch;
import io.chronik.core.raft.NotEnoughReplicasException;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.Time;
import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.spi.replication.ReplicationTransportProvider;
import io.chronik.spi.wal.WalLog;
import io.chronik.testkit.Loopback;
import io.chronik.testkit.TestPluginContext;
import io.chronik.testkit.wal.MemoryWal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@link ReplicaManager}s in one JVM, each with its own WAL, replicating one partition over the
 * real TCP transport plugin through {@link PeerRouter}s, with a recording controller double that
 * accepts every ISR change of the current leader epoch. Each node keeps its high-watermark checkpoint
 * in its own directory, across its restarts like its WAL storage.
 */
@Timeout(60)
class ReplicationOverTcpIT {

    private static final String TOPIC = "events";
    private static final String LOG_NAME = TOPIC + "-0";
    private static final ReplicaSettings SETTINGS = new ReplicaSettings(1_000, 100, 300, 1 << 20, 20);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Uuid topicId = Uuid.randomUuid();
    private final Map<Integer, InetSocketAddress> addresses = Loopback.addresses(3);
    private final Map<Integer, MemoryWal.Storage> storage = new HashMap<>();
    private final Map<Integer, Node> nodes = new HashMap<>();
    private final RecordingController controller = new RecordingController();

    @TempDir
    Path dataDirs;

    /** One running node: its WAL, transport, router and replica manager. */
    private record Node(MemoryWal wal, ReplicationTransport transport, ReplicaManager replicas) {
        void stop() {
            replicas.close();
            transport.close();
        }
    }

    /** The controller double: records every ISR change and accepts those of the current epoch. */
    private static final class RecordingController implements PartitionController {
        final List<SortedSet<Integer>> changes = new CopyOnWriteArrayList<>();
        volatile int epoch;
        volatile SortedSet<Integer> isr = new TreeSet<>();

        @Override
        public CompletableFuture<Boolean> alterIsr(Uuid topicId, int partition, int leaderId, int leaderEpoch,
                                                   SortedSet<Integer> newIsr) {
            if (leaderEpoch != epoch) {
                return CompletableFuture.completedFuture(false);
            }
            changes.add(new TreeSet<>(newIsr));
            isr = new TreeSet<>(newIsr);
            return CompletableFuture.completedFuture(true);
        }
    }

    @AfterEach
    void stopAll() {
        nodes.values().forEach(Node::stop);
    }

    /** Each node's meters, kept across its restarts like its WAL storage. */
    private final Map<Integer, SimpleMeterRegistry> meters = new HashMap<>();

    private Node start(int id) {
        MemoryWal wal = new MemoryWal(storage.computeIfAbsent(id, i -> new MemoryWal.Storage()), 1 << 20);
        PeerRouter router = new PeerRouter(new SimpleMeterRegistry());
        ReplicationTransportProvider tcp = ServiceLoader.load(ReplicationTransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("tcp")).findFirst().orElseThrow();
        ReplicationTransport transport = tcp.create(new ReplicationTransportConfig(id, "replica-test",
                addresses.get(id), Loopback.peers(id, addresses), 4 << 20,
                new PluginProperties("replication.tcp.", Map.of("connect.backoff.initial.ms", "20", "connect.backoff.max.ms", "100"))),
                new TestPluginContext().withInbound(router));
        router.attach(transport);
        Node node = new Node(wal, transport, new ReplicaManager(id, wal, router, controller,
                SETTINGS.withCheckpointDir(dataDir(id)), Time.SYSTEM, tp -> { },
                meters.computeIfAbsent(id, i -> new SimpleMeterRegistry())));
        nodes.put(id, node);
        return node;
    }

    private Path dataDir(int id) {
        try {
            return Files.createDirectories(dataDirs.resolve("node" + id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<PeerChannel.Partition, Long> checkpoint(int id) {
        return new HighWatermarkCheckpointFile(dataDir(id)).read();
    }

    private PartitionAssignment assignment(int leader, int epoch, SortedSet<Integer> isr) {
        controller.epoch = epoch;
        controller.isr = new TreeSet<>(isr);
        return new PartitionAssignment(topicId, TOPIC, 0, List.of(1, 2, 3), OptionalInt.of(leader), epoch, isr);
    }

    /** Starts nodes 1-3 and applies {@code assignment} on each; returns node 1's log. */
    private PartitionLog startAllIn(PartitionAssignment assignment) {
        for (int id = 1; id <= 3; id++) {
            start(id);
        }
        PartitionLog first = apply(1, assignment);
        apply(2, assignment);
        apply(3, assignment);
        return first;
    }

    private PartitionLog apply(int node, PartitionAssignment assignment) {
        return nodes.get(node).replicas().apply(assignment, 0).orElseThrow();
    }

    private PartitionLog log(int node) {
        return nodes.get(node).replicas().logs().all().values().iterator().next();
    }

    private static ByteBuffer batch(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1_000L + i, values[i].getBytes());
        }
        return MemoryRecords.withRecords(0L, Compression.NONE, records).buffer();
    }

    private static long acked(CompletableFuture<Long> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    /** Every stored batch of a node's log below its high watermark, as bytes. */
    private static ByteBuffer committedBytes(PartitionLog log) {
        return log.read(0, Integer.MAX_VALUE).copyRecords();
    }

    private void awaitIdentical(int leader, int follower) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(log(follower).highWatermark()).isEqualTo(log(leader).highWatermark());
            assertThat(committedBytes(log(follower))).isEqualTo(committedBytes(log(leader)));
        });
    }

    @Test
    void followersCatchUpByteIdenticalAndAFollowerThatDiesLeavesTheIsrThenRejoins() throws Exception {
        PartitionAssignment first = assignment(1, 1, new TreeSet<>(List.of(1, 2, 3)));
        PartitionLog leader = startAllIn(first);

        List<CompletableFuture<Long>> acks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acks.add(leader.append(batch("a" + i, "b" + i), OptionalLong.empty(), true, 2).durable());
        }
        for (int i = 0; i < acks.size(); i++) {
            assertThat(acked(acks.get(i))).isEqualTo(2L * i);
        }
        assertThat(leader.highWatermark()).isEqualTo(40);
        awaitIdentical(1, 2);
        awaitIdentical(1, 3);
        assertThat(leader.isr()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(meters.get(1).get("chronik.replication.lag").tag("follower", "2").gauge().value()).isZero();

        nodes.remove(3).stop();
        CompletableFuture<Long> afterKill = leader.append(batch("c"), OptionalLong.empty(), true, 2).durable();
        assertThat(afterKill).as("the dead follower is still in the ISR: no acknowledgement yet").isNotDone();
        assertThat(acked(afterKill)).isEqualTo(40);
        assertThat(controller.changes).as("the leader asked to drop the dead follower").contains(new TreeSet<>(List.of(1, 2)));
        assertThat(leader.isr()).containsExactlyInAnyOrder(1, 2);
        assertThat(meters.get(1).get("chronik.replication.isr.shrinks").functionCounter().count()).isEqualTo(1);
        assertThat(meters.get(1).get("chronik.replication.lag").tag("follower", "3").gauge().value())
                .as("the dead follower misses the batch appended after it died").isEqualTo(1);

        nodes.remove(2).stop();
        await().atMost(WAIT).until(() -> leader.isr().size() == 1);
        assertThat(acked(leader.append(batch("d"), OptionalLong.empty(), true, 1).durable()))
                .as("min.insync.replicas=1 still acknowledges with the leader alone").isEqualTo(41);
        assertThat(acked(leader.append(batch("e"), OptionalLong.empty(), false, 2).durable()))
                .as("acks=1 needs only the leader's durable copy").isEqualTo(42);
        assertThatThrownBy(() -> leader.append(batch("f"), OptionalLong.empty(), true, 2))
                .isInstanceOf(NotEnoughReplicasException.class);

        start(2);
        start(3);
        PartitionAssignment current = new PartitionAssignment(topicId, TOPIC, 0, List.of(1, 2, 3), OptionalInt.of(1), 1,
                controller.isr);
        apply(2, current);
        apply(3, current);
        awaitIdentical(1, 2);
        awaitIdentical(1, 3);
        await().atMost(WAIT).until(() -> leader.isr().size() == 3);
        assertThat(controller.isr).containsExactly(1, 2, 3);
        assertThat(meters.get(1).get("chronik.replication.isr.expands").functionCounter().count()).isEqualTo(2);
    }

    @Test
    void aDivergentFollowerTruncatesToTheLastCommonEpochAndTakesTheLeadersBatches() throws Exception {
        // History: leader of epoch 1 wrote [0, 5) everywhere; a deposed leader of epoch 2 (node 3)
        // wrote [5, 8) that nobody else has; node 1 now leads epoch 3.
        for (int id : List.of(1, 2, 3)) {
            WalLog wal = new MemoryWal(storage.computeIfAbsent(id, i -> new MemoryWal.Storage()), 1 << 20)
                    .open(LOG_NAME);
            wal.append(0, stored(batch("x0", "x1", "x2"), 0, 1)).join();
            wal.append(3, stored(batch("x3", "x4"), 3, 1)).join();
        }
        WalLog divergent = new MemoryWal(storage.get(3), 1 << 20).open(LOG_NAME);
        divergent.append(5, stored(batch("lost5", "lost6", "lost7"), 5, 2)).join();
        for (int id = 1; id <= 3; id++) {
            start(id);
        }
        PartitionAssignment epoch3 = assignment(1, 3, new TreeSet<>(List.of(1, 2)));
        PartitionLog leader = apply(1, epoch3);
        apply(2, epoch3);
        apply(3, epoch3);

        assertThat(acked(leader.append(batch("y5"), OptionalLong.empty(), true, 2).durable())).isEqualTo(5);
        assertThat(acked(leader.append(batch("y6", "y7", "y8"), OptionalLong.empty(), true, 2).durable())).isEqualTo(6);
        awaitIdentical(1, 3);
        await().atMost(WAIT).until(() -> leader.isr().contains(3));
        assertThat(log(3).endOffsetFor(2)).as("epoch 2 is gone from the follower")
                .hasValueSatisfying(end -> assertThat(end.epoch()).isEqualTo(1));
        assertThat(StoredBatch.parse(log(3).read(5, 1).copyRecords()).partitionLeaderEpoch()).isEqualTo(3);
    }

    @Test
    void restartedReplicasServeUpToTheirCheckpointedHighWatermarkAtOnce() throws Exception {
        PartitionAssignment first = assignment(1, 1, new TreeSet<>(List.of(1, 2, 3)));
        PartitionLog leader = startAllIn(first);
        for (int i = 0; i < 10; i++) {
            acked(leader.append(batch("a" + i, "b" + i), OptionalLong.empty(), true, 3).durable());
        }
        awaitIdentical(1, 2);
        awaitIdentical(1, 3);
        PeerChannel.Partition channel = new PeerChannel.Partition(topicId, 0);
        await().atMost(WAIT).untilAsserted(() -> assertThat(checkpoint(2))
                .as("the driver checkpoints while running").containsEntry(channel, 20L));
        for (int id = 1; id <= 3; id++) {
            nodes.remove(id).stop();
        }
        Files.write(dataDir(3).resolve(HighWatermarkCheckpointFile.FILE_NAME), new byte[] {1, 2, 3});

        start(2);
        PartitionLog follower = apply(2, first);
        assertThat(follower.highWatermark()).as("a follower whose leader is down").isEqualTo(20);
        assertThat(records(follower)).hasSize(20);
        nodes.remove(2).stop();
        start(3);
        assertThat(apply(3, first).highWatermark())
                .as("a corrupt checkpoint is ignored: the high watermark starts as without one").isZero();

        start(1);
        PartitionAssignment second = assignment(1, 2, new TreeSet<>(List.of(1, 2, 3)));
        PartitionLog restartedLeader = apply(1, second);
        assertThat(restartedLeader.highWatermark()).as("a leader no follower fetched from yet").isEqualTo(20);
        assertThat(records(restartedLeader)).hasSize(20);
        apply(3, second);
        awaitIdentical(1, 3);
    }

    @Test
    void aSingleReplicaCheckpointsOnCloseAndServesItsLogAfterARestart() throws Exception {
        start(1);
        PartitionAssignment alone = new PartitionAssignment(topicId, TOPIC, 0, List.of(1), OptionalInt.of(1), 0,
                new TreeSet<>(List.of(1)));
        PartitionLog log = apply(1, alone);
        for (int i = 0; i < 3; i++) {
            acked(log.append(batch("s" + i, "t" + i), OptionalLong.empty(), true, 1).durable());
        }
        nodes.remove(1).stop();
        assertThat(checkpoint(1)).containsExactly(Map.entry(new PeerChannel.Partition(topicId, 0), 6L));

        start(1);
        PartitionLog restarted = apply(1, alone);
        assertThat(restarted.highWatermark()).isEqualTo(6);
        assertThat(records(restarted)).extracting(r -> new String(Utils.toArray(r.value())))
                .containsExactly("s0", "t0", "s1", "t1", "s2", "t2");
    }

    @Test
    void aReplicaSetOfOneGrowsByAFollowerThatCatchesUpThenMovesToItAndTheOldReplicaDeletesItsLog() throws Exception {
        start(1);
        start(2);
        PartitionLog alone = apply(1, moved(List.of(1), 1, 0, 1));
        for (int i = 0; i < 5; i++) {
            acked(alone.append(batch("m" + i), OptionalLong.empty(), true, 1).durable());
        }

        PartitionAssignment grown = moved(List.of(2, 1), 1, 0, 1);
        assertThat(apply(1, grown)).isSameAs(alone);
        PartitionLog follower = apply(2, grown);
        await().atMost(WAIT).untilAsserted(() -> assertThat(alone.isr()).as("the new replica caught up and joined")
                .containsExactlyInAnyOrder(1, 2));
        acked(alone.append(batch("m5"), OptionalLong.empty(), true, 2).durable());
        awaitIdentical(1, 2);

        PartitionAssignment done = moved(List.of(2), 2, 1, 2);
        assertThat(nodes.get(1).replicas().apply(done, 0)).isEmpty();
        assertThat(apply(2, done)).isSameAs(follower);
        assertThat(nodes.get(1).replicas().logs().all()).as("the removed replica deleted its log").isEmpty();
        assertThat(nodes.get(1).wal().logNames()).doesNotContain(LOG_NAME);
        assertThat(acked(follower.append(batch("m6"), OptionalLong.empty(), true, 1).durable())).isEqualTo(6);
        assertThat(records(follower)).extracting(r -> new String(Utils.toArray(r.value())))
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
    }

    /** The partition on {@code replicas}, led by {@code leader} in {@code epoch} with ISR {@code isr}. */
    private PartitionAssignment moved(List<Integer> replicas, int leader, int epoch, Integer... isr) {
        controller.epoch = epoch;
        controller.isr = new TreeSet<>(List.of(isr));
        return new PartitionAssignment(topicId, TOPIC, 0, replicas, OptionalInt.of(leader), epoch,
                new TreeSet<>(List.of(isr)));
    }

    /** The records a replica serves to readers: those below its high watermark. */
    private static List<Record> records(PartitionLog log) {
        List<Record> records = new ArrayList<>();
        MemoryRecords.readableRecords(committedBytes(log)).records().forEach(records::add);
        return records;
    }

    /** A producer batch as a leader of {@code epoch} stored it at {@code baseOffset}. */
    private static ByteBuffer stored(ByteBuffer batch, long baseOffset, int epoch) {
        MutableRecordBatch parsed = StoredBatch.parse(batch);
        StoredBatch.assign(parsed, baseOffset, epoch);
        return batch;
    }
}
