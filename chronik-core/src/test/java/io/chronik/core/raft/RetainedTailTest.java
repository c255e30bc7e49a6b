package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.core.log.ForwardingWalLog;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import io.chronik.testkit.wal.MemoryWal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The metadata log's retained tail: its newest durable entries are read from memory, never stale. */
class RetainedTailTest {

    /** A WAL log that counts the reads that reach it. */
    private static final class CountingLog extends ForwardingWalLog {
        final AtomicInteger reads = new AtomicInteger();

        CountingLog(WalLog log) {
            super(log);
        }

        @Override
        public List<WalRecord> read(long fromOffset, int maxBytes) {
            reads.incrementAndGet();
            return super.read(fromOffset, maxBytes);
        }
    }

    private final MemoryWal.Storage storage = new MemoryWal.Storage();

    private CountingLog wal() {
        return new CountingLog(new MemoryWal(storage, 1 << 20).open("meta"));
    }

    private static StoredRecord entry(long offset, int epoch, String text) {
        return EntryCodec.stored(new LogEntry(offset, epoch, EntryKind.DATA,
                ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }

    private static List<String> texts(List<StoredRecord> records) {
        return records.stream()
                .map(r -> StandardCharsets.UTF_8.decode(EntryCodec.decode(r).payload()).toString()).toList();
    }

    @Test
    void durableEntriesWithinTheBudgetAreReadFromMemoryAndOlderOnesFromTheWal() {
        CountingLog wal = wal();
        int entryBytes = entry(0, 1, "entry-00").size();
        LocalLog log = new LocalLog(wal, EntryCodec.FORMAT, LogPosition.START, false, 3 * entryBytes, () -> { });
        LongStream.range(0, 10).forEach(i -> log.append(entry(i, 1, "entry-0" + i)));
        log.refresh();
        assertThat(log.durableEnd()).isEqualTo(10);
        int before = wal.reads.get();

        assertThat(texts(log.read(7, 1 << 20))).containsExactly("entry-07", "entry-08", "entry-09");
        assertThat(wal.reads.get()).as("the newest three entries come from memory").isEqualTo(before);

        assertThat(texts(log.read(5, 1 << 20))).containsExactly("entry-05", "entry-06", "entry-07", "entry-08",
                "entry-09");
        assertThat(wal.reads.get()).as("older ones from the WAL").isEqualTo(before + 1);
    }

    @Test
    void aBoundedReadStopsBeforeTheUncommittedTail() {
        LocalLog log = new LocalLog(wal(), EntryCodec.FORMAT, LogPosition.START, false, 1 << 20, () -> { });
        LongStream.range(0, 6).forEach(i -> log.append(entry(i, 1, "e" + i)));
        log.refresh();

        assertThat(texts(log.read(1, 4, 1 << 20))).containsExactly("e1", "e2", "e3");
        assertThat(log.read(4, 4, 1 << 20)).isEmpty();
        assertThat(texts(log.read(0, 1 << 20))).hasSize(6);
    }

    @Test
    void aTruncationDropsRetainedEntriesPastTheCutAndTheReappendedOnesAreServed() {
        CountingLog wal = wal();
        LocalLog log = new LocalLog(wal, EntryCodec.FORMAT, LogPosition.START, false, 1 << 20, () -> { });
        LongStream.range(0, 5).forEach(i -> log.append(entry(i, 1, "old" + i)));
        log.refresh();

        log.truncateTo(3);
        log.append(entry(3, 2, "new3"));
        log.append(entry(4, 2, "new4"));
        log.refresh();

        assertThat(texts(log.read(0, 1 << 20))).containsExactly("old0", "old1", "old2", "new3", "new4");
        LocalLog reopened = new LocalLog(wal(), EntryCodec.FORMAT, LogPosition.START, false, 1 << 20, () -> { });
        assertThat(texts(reopened.read(0, 1 << 20))).as("the WAL agrees with what memory served")
                .containsExactly("old0", "old1", "old2", "new3", "new4");
    }
}
