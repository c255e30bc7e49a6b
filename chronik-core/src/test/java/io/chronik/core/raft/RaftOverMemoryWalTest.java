package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.testkit.wal.MemoryWal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        LocalLog log = new LocalLog(new MemoryWal(storage, 1 << 20).open("meta"), EntryCodec.FORMAT, 0, () -> { });
        log.append(entry(0, 1, "a"));
        log.append(entry(1, 1, "b"));
        log.append(entry(2, 2, "c"));
        assertThat(log.refresh()).isTrue();
        assertThat(log.durableEnd()).isEqualTo(3);

        assertThat(log.divergence(new LogPosition(1, 3))).contains(new LogPosition(1, 2));
        log.truncateToDivergence(new LogPosition(1, 2), 1);
        log.append(entry(2, 3, "d"));
        log.refresh();

        LocalLog reopened = new LocalLog(new MemoryWal(storage, 1 << 20).open("meta"), EntryCodec.FORMAT, 0, () -> { });
        assertThat(reopened.lastPosition()).isEqualTo(new LogPosition(3, 3));
        assertThat(reopened.epochAt(1)).isEqualTo(1);
        assertThat(reopened.read(0, 1 << 20)).extracting(r -> CommittedHistory.text(EntryCodec.decode(r))).containsExactly("a", "b", "d");
    }

    @Test
    void singleVoterRestartsInANewTermAndReappliesItsLog() throws Exception {
        MemoryWal.Storage storage = new MemoryWal.Storage();
        RaftConfig config = RaftConfig.defaults(1, Set.of(1));
        List<String> applied = new ArrayList<>();

        RaftEngine first = start(storage, config, applied);
        first.poll(5_000); // past any election timeout: pre-vote, vote and leadership happen at once
        assertThat(first.role()).isEqualTo(RoleKind.LEADER);
        CompletableFuture<Long> ack = first.propose(ByteBuffer.wrap("one".getBytes(StandardCharsets.UTF_8)));
        first.poll(5_001);
        assertThat(ack).isCompletedWithValue(1L);
        assertThat(applied).containsExactly("one");
        int firstTerm = first.term();

        applied.clear();
        RaftEngine second = start(storage, config, applied);
        assertThat(second.term()).as("term restored from the file").isEqualTo(firstTerm);
        second.poll(10_000);
        second.poll(10_001);
        assertThat(second.term()).isEqualTo(firstTerm + 1);
        assertThat(second.highWatermark()).isEqualTo(3); // two leader-change entries and "one"
        assertThat(applied).containsExactly("one");
    }

    private RaftEngine start(MemoryWal.Storage storage, RaftConfig config, List<String> applied) {
        return new RaftEngine(config, new FileQuorumStateStore(dir.resolve("quorum-state")),
                new MemoryWal(storage, 1 << 20).open("__cluster_metadata"), e -> applied.add(CommittedHistory.text(e)),
                new Random(1), () -> { }, 0);
    }

    private static StoredRecord entry(long offset, int epoch, String text) {
        return EntryCodec.stored(new LogEntry(offset, epoch, EntryKind.DATA,
                ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }
}
