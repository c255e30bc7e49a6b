package io.chronik.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.spi.wal.RecoveryReport;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import io.chronik.testkit.wal.MemoryWal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

/** The sparse time index alone, and ListOffsets-by-timestamp lookups of a partition log through it. */
class TimeIndexTest {

    private static final TopicPartition TP = new TopicPartition("timed", 0);
    private static final int BATCHES = 3000;
    private static final int RECORDS_PER_BATCH = 4;

    @Test
    void indexStartsAtTheLastEntryWhoseEarlierBatchesAreAllOlder() {
        TimeIndex index = new TimeIndex();
        for (int i = 0; i < 100; i++) {
            index.onBatch(i * 10L, 1000L + i, TimeIndex.INTERVAL_BYTES);
        }

        assertThat(index.entries()).isEqualTo(100);
        assertThat(index.startFor(1000)).hasValue(0);
        assertThat(index.startFor(1050)).as("batches 0..49 end before 1050").hasValue(500);
        assertThat(index.startFor(5000)).hasValue(990);
        assertThat(index.maxTimestampBatch()).hasValue(990);
        assertThat(new TimeIndex().startFor(1)).isEmpty();

        index.truncateBefore(505);
        assertThat(index.entries()).isEqualTo(49);
        assertThat(index.startFor(1050)).as("no entry left below the cut: start at the log start").isEmpty();
        assertThat(index.startFor(1060)).hasValue(600);
    }

    @Test
    void prependingTheOlderPartKeepsBothColumnsIncreasing() {
        TimeIndex older = new TimeIndex();
        older.onBatch(0, 500, TimeIndex.INTERVAL_BYTES);
        older.onBatch(10, 900, TimeIndex.INTERVAL_BYTES);
        TimeIndex newer = new TimeIndex();
        newer.onBatch(20, 100, TimeIndex.INTERVAL_BYTES);
        newer.onBatch(30, 950, TimeIndex.INTERVAL_BYTES);

        newer.prepend(older);

        assertThat(newer.entries()).isEqualTo(4);
        assertThat(newer.startFor(901)).as("every batch before 30 ends by 900").hasValue(30);
        assertThat(newer.startFor(900)).hasValue(10);
        assertThat(newer.maxTimestampBatch()).hasValue(30);
    }

    @Test
    void lookupsMatchAFullScanAndReadOnlyAFewChunks() {
        MemoryWal.Storage storage = new MemoryWal.Storage();
        CountingLog counting = new CountingLog(new MemoryWal(storage, 1 << 20).open(TP.walLogName()));
        PartitionLog log = SingleReplica.open(TP, counting, 0, 0, tp -> { });
        Random random = new Random(42);
        List<long[]> truth = appendBatches(log, random, 0);

        assertLookupsMatch(log, truth, random);
        long before = counting.bytesRead.get();
        log.offsetForTimestamp(truth.get(truth.size() - 10)[0]);
        long logBytes = counting.sizeInBytes();
        assertThat(counting.bytesRead.get() - before).as("one lookup near the end of a %d-byte log", logBytes)
                .isLessThan(logBytes / 4);

        // Reopened: the batches stored before the restart are indexed on the first lookup, the new ones on append.
        CountingLog reopenedWal = new CountingLog(new MemoryWal(storage, 1 << 20).open(TP.walLogName()));
        PartitionLog reopened = SingleReplica.open(TP, reopenedWal, 0, 0, tp -> { });
        truth.addAll(appendBatches(reopened, random, truth.size()));
        assertLookupsMatch(reopened, truth, random);
    }

    /** Appends batches with mostly rising, sometimes earlier timestamps; returns each record's (timestamp, offset). */
    private static List<long[]> appendBatches(PartitionLog log, Random random, long firstOffset) {
        List<long[]> records = new ArrayList<>();
        long offset = firstOffset;
        for (int b = 0; b < BATCHES; b++) {
            SimpleRecord[] batch = new SimpleRecord[RECORDS_PER_BATCH];
            for (int r = 0; r < RECORDS_PER_BATCH; r++) {
                long timestamp = 1000 + (firstOffset / RECORDS_PER_BATCH + b) * 100L + random.nextInt(300) - 100;
                batch[r] = new SimpleRecord(timestamp, new byte[40 + random.nextInt(40)]);
                records.add(new long[] {timestamp, offset++});
            }
            log.append(MemoryRecords.withRecords(0L, Compression.NONE, batch).buffer()).durable().join();
        }
        return records;
    }

    private static void assertLookupsMatch(PartitionLog log, List<long[]> records, Random random) {
        long maxTimestamp = records.stream().mapToLong(r -> r[0]).max().orElseThrow();
        for (int i = 0; i < 200; i++) {
            long target = random.nextLong(maxTimestamp + 50);
            Optional<TimestampOffset> expected = records.stream().filter(r -> r[0] >= target).findFirst()
                    .map(r -> new TimestampOffset(r[0], r[1]));
            assertThat(log.offsetForTimestamp(target)).as("timestamp %d", target).isEqualTo(expected);
        }
        long[] firstMax = records.stream().filter(r -> r[0] == maxTimestamp).findFirst().orElseThrow();
        assertThat(log.maxTimestamp()).contains(new TimestampOffset(firstMax[0], firstMax[1]));
    }

    /** A WAL log that counts the record bytes read through it. */
    private static final class CountingLog implements WalLog {
        private final WalLog delegate;
        private final AtomicLong bytesRead = new AtomicLong();

        CountingLog(WalLog delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public CompletableFuture<Long> append(long offset, ByteBuffer data) {
            return delegate.append(offset, data);
        }

        @Override
        public List<WalRecord> read(long fromOffset, int maxBytes) {
            List<WalRecord> records = delegate.read(fromOffset, maxBytes);
            bytesRead.addAndGet(records.stream().mapToLong(WalRecord::size).sum());
            return records;
        }

        @Override
        public OptionalLong firstOffset() {
            return delegate.firstOffset();
        }

        @Override
        public OptionalLong lastOffset() {
            return delegate.lastOffset();
        }

        @Override
        public long sizeInBytes() {
            return delegate.sizeInBytes();
        }

        @Override
        public CompletableFuture<Void> truncateAfter(long offset) {
            return delegate.truncateAfter(offset);
        }

        @Override
        public CompletableFuture<OptionalLong> deleteBefore(long offset) {
            return delegate.deleteBefore(offset);
        }

        @Override
        public RecoveryReport recovery() {
            return delegate.recovery();
        }
    }
}
