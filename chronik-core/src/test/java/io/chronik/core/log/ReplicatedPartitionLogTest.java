package io.chronik.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.core.raft.IsrConfig;
import io.chronik.core.raft.Message;
import io.chronik.core.raft.MessageCodec;
import io.chronik.core.raft.Outbound;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalRecord;
import io.chronik.testkit.wal.MemoryWal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition with a leader and a follower, each over its own WAL, whose replication messages the
 * test carries by hand (through the binary codec, as the transport would).
 */
@Timeout(30)
class ReplicatedPartitionLogTest {

    private static final TopicPartition TP = new TopicPartition("replicated", 0);

    /** A message from {@code from} on its way. */
    private record Envelope(int from, Outbound out) {
    }

    @TempDir
    static Path dir;

    private final Deque<Envelope> network = new ArrayDeque<>();
    private final Deque<PartitionLog> pollRequests = new ArrayDeque<>();
    private final RegionWal leaderWal = new RegionWal(new MemoryWal.Storage(), dir);
    private final PartitionLog leader = open(1, leaderWal);
    private final MemoryWal followerWal = new MemoryWal(new MemoryWal.Storage(), 1 << 20);
    private final PartitionLog follower = open(2, followerWal);
    private final Map<Integer, PartitionLog> nodes = Map.of(1, leader, 2, follower);
    private int regionPartsShipped;

    private PartitionLog open(int node, Wal wal) {
        ReplicaHooks hooks = new ReplicaHooks(() -> 1_000, out -> network.add(new Envelope(node, out)),
                pollRequests::add, tp -> { });
        return PartitionLog.open(TP, wal.open(TP.walLogName()), 0, IsrConfig.defaults(node, Set.of(1, 2)),
                (leaderId, epoch, isr) -> CompletableFuture.completedFuture(false), hooks);
    }

    /** Delivers messages and runs requested polls until nothing is left. */
    private void deliverAll() {
        while (!network.isEmpty() || !pollRequests.isEmpty()) {
            if (!pollRequests.isEmpty()) {
                pollRequests.poll().poll();
                continue;
            }
            Envelope envelope = network.poll();
            Message message = envelope.out().message();
            regionPartsShipped += (int) MessageCodec.body(message).stream()
                    .filter(part -> part instanceof MessageBody.Region).count();
            Message received = MessageCodec.decode(MessageCodec.encode(message),
                    SpanCopier.copy(MessageCodec.body(message)));
            nodes.get(envelope.out().toNode()).handle(envelope.from(), received);
        }
    }

    private static ByteBuffer batch(String... values) {
        List<SimpleRecord> records = new ArrayList<>();
        for (String value : values) {
            records.add(new SimpleRecord(10L, value.getBytes()));
        }
        return MemoryRecords.withRecords(0L, Compression.NONE, records.toArray(SimpleRecord[]::new)).buffer();
    }

    private static List<Long> offsets(LogRead read) {
        List<Long> out = new ArrayList<>();
        for (Record record : MemoryRecords.readableRecords(read.copyRecords()).records()) {
            out.add(record.offset());
        }
        return out;
    }

    @Test
    void theLeaderShipsDurableBatchesAsWalRegionsAndTheFollowerStoresTheSameBytes() {
        leader.becomeLeader(1, Set.of(1, 2));
        for (int i = 0; i < 5; i++) {
            leader.append(batch("v" + i, "w" + i), OptionalLong.empty(), false, 1); // acks=1: durable on the leader
        }
        deliverAll();
        follower.becomeFollower(1, 1);
        deliverAll();

        assertThat(regionPartsShipped).as("durable batches left as file regions").isPositive();
        assertThat(leader.highWatermark()).isEqualTo(10);
        assertThat(follower.logEndOffset()).isEqualTo(10);
        assertThat(followerWal.open(TP.walLogName()).read(0, 1 << 20)).extracting(WalRecord::data)
                .containsExactlyElementsOf(leaderWal.open(TP.walLogName()).read(0, 1 << 20).stream()
                        .map(WalRecord::data).toList());
    }

    @Test
    void consumersReadOnlyBelowTheHighWatermarkThoughTheLeaderHoldsMoreDurably() {
        leader.becomeLeader(1, Set.of(1, 2));
        follower.becomeFollower(1, 1);
        deliverAll();
        CompletableFuture<Long> first = leader.append(batch("a", "b", "c"), OptionalLong.empty(), true, 2)
                .durable();
        deliverAll();
        assertThat(first).isCompletedWithValue(0L);
        assertThat(leader.highWatermark()).isEqualTo(3);

        CompletableFuture<Long> second = leader.append(batch("d", "e"), OptionalLong.empty(), true, 2)
                .durable();
        network.clear(); // the follower never hears of it: the high watermark stays
        deliverAll();

        assertThat(second).isNotDone();
        assertThat(leader.highWatermark()).isEqualTo(3);
        assertThat(leader.logEndOffset()).isEqualTo(5);
        assertThat(leaderWal.open(TP.walLogName()).lastOffset()).as("durable on the leader").hasValue(3);
        LogRead read = leader.read(0, 1 << 20);
        assertThat(offsets(read)).containsExactly(0L, 1L, 2L);
        assertThat(read.highWatermark()).isEqualTo(3);
        assertThat(leader.read(3, 1 << 20).records()).isEmpty();
    }
}
