package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.core.log.RegionWal;
import io.chronik.core.log.SpanCopier;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.wal.WalLog;
import io.chronik.testkit.wal.MemoryWal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's log in the partition form: Kafka batches spanning offsets, epochs from batch headers. */
class BatchLogTest {

    private final MemoryWal.Storage storage = new MemoryWal.Storage();

    private LocalLog open(long emptyEnd) {
        return open(storage, emptyEnd);
    }

    private static LocalLog open(MemoryWal.Storage storage, long emptyEnd) {
        return open(new MemoryWal(storage, 1 << 20).open("topic-0"), emptyEnd);
    }

    private static LocalLog open(WalLog wal, long emptyEnd) {
        return new LocalLog(wal, BatchFormat.FORMAT, new LogPosition(0, emptyEnd), true, 0, () -> { });
    }

    private static StoredRecord batch(long base, int epoch, int records) {
        List<String> values = IntStream.range(0, records).mapToObj(i -> "v" + (base + i)).toList();
        return BatchFormat.FORMAT.parse(base, IsrSimCluster.batch(base, epoch, values));
    }

    @Test
    void recoversEndAndEveryEpochStartByBisectionOnReopen() {
        LocalLog log = open(0);
        long[] bases = {0, 3, 4, 9, 10, 12, 20, 21};
        int[] sizes = {3, 1, 5, 1, 2, 8, 1, 4};
        int[] epochs = {0, 0, 0, 2, 2, 2, 5, 7};
        for (int i = 0; i < bases.length; i++) {
            log.append(batch(bases[i], epochs[i], sizes[i]));
        }
        log.refresh();
        assertThat(log.durableEnd()).isEqualTo(25);

        LocalLog reopened = open(0);
        assertThat(reopened.lastPosition()).isEqualTo(new LogPosition(7, 25));
        assertThat(reopened.epochAt(8)).isZero();
        assertThat(reopened.epochAt(9)).isEqualTo(2);
        assertThat(reopened.epochAt(19)).isEqualTo(2);
        assertThat(reopened.epochAt(20)).isEqualTo(5);
        assertThat(reopened.endOffsetFor(2)).contains(new LogPosition(2, 20));
        assertThat(reopened.endOffsetFor(3)).as("an epoch without batches ends where the next starts")
                .contains(new LogPosition(2, 20));
        assertThat(reopened.endOffsetFor(7)).contains(new LogPosition(7, 25));
        assertThat(reopened.endOffsetFor(8)).isEmpty();
        assertThat(reopened.read(4, 1 << 20)).extracting(StoredRecord::offset).containsExactly(4L, 9L, 10L, 12L, 20L, 21L);
    }

    @Test
    void divergentTailIsCutAtABatchBoundaryAndTheLeadersEpochIsOnlyAssigned() {
        LocalLog follower = open(0);
        follower.append(batch(0, 1, 2));
        follower.append(batch(2, 1, 3));
        follower.append(batch(5, 2, 2)); // written by a deposed leader of epoch 2
        follower.refresh();

        LocalLog leader = open(new MemoryWal.Storage(), 0);
        leader.append(batch(0, 1, 2));
        leader.append(batch(2, 1, 3));
        leader.assignEpoch(3);
        assertThat(leader.lastPosition()).isEqualTo(new LogPosition(1, 5));

        PositionCheck check = leader.check(follower.lastPosition());
        assertThat(check).isEqualTo(new PositionCheck.Diverges(new LogPosition(1, 5)));
        LogPosition divergence = ((PositionCheck.Diverges) check).divergence();
        assertThat(follower.truncateToDivergence(divergence, 2)).isEqualTo(5);
        assertThat(follower.lastPosition()).isEqualTo(new LogPosition(1, 5));
        assertThat(leader.check(follower.lastPosition())).isEqualTo(new PositionCheck.Matches());
        assertThatThrownBy(() -> follower.truncateToDivergence(new LogPosition(0, 0), 2))
                .isInstanceOf(RaftException.class).hasMessageContaining("below the high watermark 2");
    }

    @Test
    void aFollowerBelowTheStartRetentionLeftStartsItsLogOverThere() {
        MemoryWal.Storage leaderStorage = new MemoryWal.Storage();
        MemoryWal leaderWal = new MemoryWal(leaderStorage, 1 << 20);
        LocalLog leader = open(leaderWal.open("topic-0"), 0);
        leader.append(batch(0, 1, 2));
        leader.append(batch(2, 1, 3));
        leader.append(batch(5, 4, 2));
        leader.append(batch(7, 4, 1));
        leader.refresh();
        LocalLog follower = open(0);
        follower.append(batch(0, 1, 2));
        follower.refresh();
        assertThat(leader.check(follower.lastPosition())).isEqualTo(new PositionCheck.Matches());

        leaderWal.open("topic-0").deleteBefore(5).join(); // retention, behind the engine's back
        assertThat(leader.start()).isEqualTo(new LogPosition(4, 5));
        assertThat(leader.check(follower.lastPosition())).isEqualTo(new PositionCheck.BelowStart(new LogPosition(4, 5)));
        assertThat(leader.check(new LogPosition(1, 5))).as("at the start with an epoch the leader cannot confirm")
                .isEqualTo(new PositionCheck.BelowStart(new LogPosition(4, 5)));
        assertThat(leader.check(new LogPosition(1, 6))).as("a cut at or below the start")
                .isEqualTo(new PositionCheck.BelowStart(new LogPosition(4, 5)));

        follower.resetTo(leader.start());
        assertThat(follower.lastPosition()).isEqualTo(new LogPosition(4, 5));
        assertThat(leader.check(follower.lastPosition())).isEqualTo(new PositionCheck.Matches());
        leader.read(5, 1 << 20).forEach(follower::append);
        follower.refresh();
        assertThat(follower.lastPosition()).isEqualTo(new LogPosition(4, 8));
        assertThat(follower.start()).isEqualTo(new LogPosition(4, 5));
        assertThat(follower.read(5, 1 << 20)).extracting(StoredRecord::offset).containsExactly(5L, 7L);

        LocalLog reopened = open(0);
        assertThat(reopened.start()).isEqualTo(new LogPosition(4, 5));
        assertThat(reopened.lastPosition()).isEqualTo(new LogPosition(4, 8));
    }

    @Test
    void anEmptiedLogKeepsItsOffsetsAndSplitRefusesGapsAndBadBatches() {
        assertThat(open(42).lastPosition()).isEqualTo(new LogPosition(0, 42));

        ByteBuffer two = SpanCopier.copy(List.of(new MessageBody.Bytes(batch(10, 1, 2).data()),
                new MessageBody.Bytes(batch(12, 1, 1).data())));
        assertThat(BatchFormat.FORMAT.split(10, two)).extracting(StoredRecord::nextOffset).containsExactly(12L, 13L);
        assertThatThrownBy(() -> BatchFormat.FORMAT.split(11, two)).isInstanceOf(RaftFormatException.class)
                .hasMessageContaining("base offset 10 where 11 was expected");
        ByteBuffer cut = two.duplicate().limit(two.limit() - 1);
        assertThatThrownBy(() -> BatchFormat.FORMAT.split(10, cut)).isInstanceOf(RaftFormatException.class);
        ByteBuffer v1 = batch(0, 1, 1).data();
        ByteBuffer copy = ByteBuffer.allocate(v1.remaining()).put(v1.duplicate()).flip();
        copy.put(BatchFormat.MAGIC_OFFSET, (byte) 1);
        assertThatThrownBy(() -> BatchFormat.FORMAT.parse(0, copy)).hasMessageContaining("magic 1");
    }

    @Test
    void readPartsSendsDurableBatchesAsWalRegionsAndTheRestFromMemory(@TempDir Path dir) {
        RegionWal wal = new RegionWal(new MemoryWal.Storage(), dir);
        LocalLog log = open(wal.open("topic-0"), 0);
        List<StoredRecord> batches = List.of(batch(0, 1, 3), batch(3, 1, 2), batch(5, 1, 1), batch(6, 1, 4));
        log.append(batches.get(0));
        log.append(batches.get(1));
        log.refresh();
        log.append(batches.get(2)); // durable in the WAL, but the log has not noticed yet
        log.append(batches.get(3));

        List<MessageBody> all = log.readParts(0, 1 << 20);
        assertThat(all).extracting(part -> part instanceof MessageBody.Region)
                .containsExactly(true, true, false, false);
        assertThat(SpanCopier.copy(all)).isEqualTo(bytesOf(batches));
        assertThat(log.readParts(0, batches.get(0).size())).hasSize(1);
        assertThat(SpanCopier.copy(log.readParts(5, 1 << 20))).isEqualTo(bytesOf(batches.subList(2, 4)));
        assertThat(log.readParts(10, 1 << 20)).isEmpty();
    }

    @Test
    void readPartsContinuesIntoMemoryAfterTheWalsLastDurableBatch(@TempDir Path dir) {
        RegionWal wal = new RegionWal(new MemoryWal.Storage(), dir);
        LocalLog log = open(wal.open("topic-0"), 0);
        List<StoredRecord> batches = List.of(batch(0, 1, 3), batch(3, 1, 2), batch(5, 1, 1));
        log.append(batches.get(0));
        log.append(batches.get(1));
        log.refresh();
        wal.holdAppends();
        log.append(batches.get(2)); // not durable: only in memory

        assertThat(SpanCopier.copy(log.readParts(0, 1 << 20))).isEqualTo(bytesOf(batches));
        assertThat(log.readParts(0, batches.get(0).size() + 1)).as("the budget ends in the durable part")
                .hasSize(1);
        wal.releaseAppends();
        log.refresh();
        assertThat(log.readParts(0, 1 << 20)).allMatch(part -> part instanceof MessageBody.Region).hasSize(3);
    }

    private static ByteBuffer bytesOf(List<StoredRecord> records) {
        return SpanCopier.copy(records.stream().<MessageBody>map(r -> new MessageBody.Bytes(r.data())).toList());
    }
}
