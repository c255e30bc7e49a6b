package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.testkit.wal.MemoryWal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's storage path over the reference WAL and the file quorum store, across a restart. */
class RaftOverMemoryWalTest {

    @TempDir
    Path dir;

    @Test
    void localLogTruncatesReappendsAndRebuildsEpochsOnReopen() {
        MemoryWal.Storage storage = new MemoryWal.Storage();
        LocalLog log = metadataLog(storage, LogPosition.START);
        log.append(entry(0, 1, "a"));
        log.append(entry(1, 1, "b"));
        log.append(entry(2, 2, "c"));
        assertThat(log.refresh()).isTrue();
        assertThat(log.durableEnd()).isEqualTo(3);

        assertThat(log.check(new LogPosition(1, 3))).isEqualTo(new PositionCheck.Diverges(new LogPosition(1, 2)));
        log.truncateToDivergence(new LogPosition(1, 2), 1);
        log.append(entry(2, 3, "d"));
        log.refresh();

        LocalLog reopened = metadataLog(storage, LogPosition.START);
        assertThat(reopened.lastPosition()).isEqualTo(new LogPosition(3, 3));
        assertThat(reopened.epochAt(1)).isEqualTo(1);
        assertThat(reopened.read(0, 1 << 20)).extracting(r -> CommittedHistory.text(EntryCodec.decode(r))).containsExactly("a", "b", "d");
    }

    @Test
    void aMetadataLogStartsAfterItsSnapshotAndRefusesAGapBelowIt() {
        MemoryWal.Storage storage = new MemoryWal.Storage();
        LocalLog log = metadataLog(storage, LogPosition.START);
        for (int i = 0; i < 6; i++) {
            log.append(entry(i, i < 3 ? 1 : 2, "e" + i));
        }
        log.refresh();
        log.advanceStart(new LogPosition(2, 4));
        log.refresh();
        assertThat(log.start()).isEqualTo(new LogPosition(2, 4));
        assertThat(log.check(new LogPosition(1, 3))).isEqualTo(new PositionCheck.BelowStart(new LogPosition(2, 4)));
        assertThat(log.check(new LogPosition(2, 4))).isEqualTo(new PositionCheck.Matches());
        assertThat(log.check(new LogPosition(1, 4))).as("at the start with another epoch")
                .isEqualTo(new PositionCheck.BelowStart(new LogPosition(2, 4)));

        LocalLog reopened = metadataLog(storage, new LogPosition(2, 4));
        assertThat(reopened.start()).isEqualTo(new LogPosition(2, 4));
        assertThat(reopened.lastPosition()).isEqualTo(new LogPosition(2, 6));
        assertThat(reopened.read(4, 1 << 20)).extracting(r -> CommittedHistory.text(EntryCodec.decode(r)))
                .containsExactly("e4", "e5");

        LocalLog installed = metadataLog(storage, new LogPosition(3, 10));
        assertThat(installed.lastPosition()).as("every record is below the installed snapshot: dropped")
                .isEqualTo(new LogPosition(3, 10));
        installed.refresh();
        assertThat(new MemoryWal(storage, 1 << 20).open("meta").lastOffset()).isEmpty();
        installed.append(entry(10, 3, "after"));
        installed.refresh();

        assertThatThrownBy(() -> metadataLog(storage, new LogPosition(2, 5)))
                .isInstanceOf(RaftException.class).hasMessageContaining("starts at offset 10");
    }

    @Test
    void singleVoterRestartsInANewTermAndReappliesItsLog() throws Exception {
        MemoryWal.Storage storage = new MemoryWal.Storage();
        RaftConfig config = RaftConfig.defaults(1, Set.of(1));
        ListStateMachine applied = new ListStateMachine();

        RaftEngine first = start(storage, config, applied);
        first.poll(5_000); // past any election timeout: pre-vote, vote and leadership happen at once
        assertThat(first.role()).isEqualTo(RoleKind.LEADER);
        CompletableFuture<Long> ack = first.propose(ByteBuffer.wrap("one".getBytes(StandardCharsets.UTF_8)));
        first.poll(5_001);
        assertThat(ack).isCompletedWithValue(1L);
        assertThat(applied.applied()).containsExactly("one");
        int firstTerm = first.term();

        applied = new ListStateMachine();
        RaftEngine second = start(storage, config, applied);
        assertThat(second.term()).as("term restored from the file").isEqualTo(firstTerm);
        second.poll(10_000);
        second.poll(10_001);
        assertThat(second.term()).isEqualTo(firstTerm + 1);
        assertThat(second.highWatermark()).isEqualTo(3); // two leader-change entries and "one"
        assertThat(applied.applied()).containsExactly("one");
    }

    @Test
    void singleVoterSnapshotsFreesItsLogAndRestartsFromTheSnapshotPlusTheTail() {
        MemoryWal.Storage storage = new MemoryWal.Storage();
        RaftConfig config = RaftConfig.defaults(1, Set.of(1));
        ListStateMachine applied = new ListStateMachine();
        RaftEngine engine = leadAndPropose(storage, config, applied, 25);
        assertThat(engine.highWatermark()).isEqualTo(26);
        // offset 0 is the leader-change entry, p0 is at 1: a snapshot every 10 entries ends at 10, 20
        assertThat(new FileSnapshotStore(dir.resolve("snapshots")).list()).as("the two newest are kept")
                .containsExactly(new LogPosition(1, 10), new LogPosition(1, 20));
        assertThat(engine.logStart()).isEqualTo(new LogPosition(1, 10));
        assertThat(new MemoryWal(storage, 1 << 20).open("__cluster_metadata").firstOffset()).hasValue(10);

        ListStateMachine restarted = new ListStateMachine();
        RaftEngine second = start(storage, config, restarted);
        assertThat(restarted.applied()).as("restored from the newest snapshot").hasSize(19);
        second.poll(20_000);
        second.poll(20_001);
        assertThat(restarted.applied()).as("and the tail replayed").isEqualTo(applied.applied()).hasSize(25);
        assertThat(restarted.restores()).isOne();
    }

    @Test
    void aCorruptNewestSnapshotFallsBackToTheOlderOneAndTheLongerTail() throws Exception {
        MemoryWal.Storage storage = new MemoryWal.Storage();
        RaftConfig config = RaftConfig.defaults(1, Set.of(1));
        ListStateMachine applied = new ListStateMachine();
        RaftEngine engine = leadAndPropose(storage, config, applied, 25);
        Path newest = dir.resolve("snapshots").resolve(FileSnapshotStore.fileName(new LogPosition(1, 20)));
        java.nio.file.Files.write(newest, new byte[] {1, 2, 3});

        ListStateMachine restarted = new ListStateMachine();
        RaftEngine second = start(storage, config, restarted);
        assertThat(restarted.applied()).as("the older snapshot").hasSize(9);
        second.poll(20_000);
        second.poll(20_001);
        assertThat(restarted.applied()).isEqualTo(applied.applied());
        assertThat(new FileSnapshotStore(dir.resolve("snapshots")).list()).as("the corrupt one is gone")
                .containsExactly(new LogPosition(1, 10));
    }

    /** Elects the single voter and commits {@code count} proposals, snapshotting every 10 entries. */
    private RaftEngine leadAndPropose(MemoryWal.Storage storage, RaftConfig config, ListStateMachine applied,
                                      int count) {
        RaftEngine engine = start(storage, config, applied);
        engine.poll(5_000);
        long now = 5_000;
        for (int i = 0; i < count; i++) {
            engine.propose(ByteBuffer.wrap(("p" + i).getBytes(StandardCharsets.UTF_8)));
            engine.poll(++now);
            engine.snapshotIfDue(10);
        }
        engine.poll(++now);
        return engine;
    }

    private RaftEngine start(MemoryWal.Storage storage, RaftConfig config, ListStateMachine applied) {
        return new RaftEngine(config, new FileQuorumStateStore(dir.resolve("quorum-state")),
                new MemoryWal(storage, 1 << 20).open("__cluster_metadata"), applied,
                new FileSnapshotStore(dir.resolve("snapshots")), new Random(1), () -> { }, 0);
    }

    private static LocalLog metadataLog(MemoryWal.Storage storage, LogPosition start) {
        return new LocalLog(new MemoryWal(storage, 1 << 20).open("meta"), EntryCodec.FORMAT, start, false,
                RaftEngine.RETAINED_TAIL_BYTES, () -> { });
    }

    private static StoredRecord entry(long offset, int epoch, String text) {
        return EntryCodec.stored(new LogEntry(offset, epoch, EntryKind.DATA,
                ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }
}
