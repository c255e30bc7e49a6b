package io.chronik.wal.disruptor;

import static io.chronik.wal.disruptor.WalFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.spi.PluginProperties;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import io.chronik.testkit.TestPluginContext;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SegmentsAndReadsTest {

    private static final int RECORD = 100 * 1024;

    @TempDir
    Path dir;

    /** Appends records at offsets 0, 10, 20, ... of {@value #RECORD} bytes each and waits for them. */
    private static void fill(WalLog log, int count) throws Exception {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(log.append(i * 10L, WalFixture.filled(RECORD, i)));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
    }

    private static List<Long> segments(Path logDir) throws Exception {
        return LogRecovery.segmentBaseOffsets(logDir);
    }

    @Test
    void rollsAtSegmentBytesAndReadsAcrossSegmentsWithinTheByteBound() throws Exception {
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            fill(log, 35);
            // 1 MiB segments hold 10 records of 100 KiB (+ headers)
            assertThat(segments(dir.resolve("p"))).containsExactly(0L, 100L, 200L, 300L);
            for (long base : segments(dir.resolve("p"))) {
                assertThat(Files.size(dir.resolve("p").resolve(SegmentFormat.fileName(base))))
                        .isLessThanOrEqualTo(WalFixture.SEGMENT_BYTES);
            }

            List<WalRecord> read = log.read(85, 3 * RECORD + 100);
            assertThat(read).extracting(WalRecord::offset).containsExactly(80L, 90L, 100L);
            for (WalRecord record : read) {
                assertThat(record.data()).isEqualTo(WalFixture.filled(RECORD, (int) (record.offset() / 10)));
                assertThat(record.data().isReadOnly()).isTrue();
                assertThat(record.data().position()).isZero();
            }
            assertThat(log.read(0, 1)).as("one record even over the bound").extracting(WalRecord::offset)
                    .containsExactly(0L);
            assertThat(log.read(-5, RECORD)).extracting(WalRecord::offset).containsExactly(0L);
            assertThat(log.read(340, Integer.MAX_VALUE)).extracting(WalRecord::offset).containsExactly(340L);
            assertThat(log.read(10_000, RECORD)).as("the last record contains every later offset")
                    .extracting(WalRecord::offset).containsExactly(340L);

            List<Long> all = new ArrayList<>();
            long from = 0;
            List<WalRecord> page;
            while (!(page = log.read(from, 4 * RECORD)).isEmpty() && from <= 340) {
                page.forEach(r -> all.add(r.offset()));
                // the next record's offset: "from last + 1" would return the last record again, which contains it
                from = page.get(page.size() - 1).offset() + 10;
            }
            assertThat(all).hasSize(35).isSorted().doesNotHaveDuplicates();
            assertThat(log.firstOffset()).hasValue(0);
            assertThat(log.lastOffset()).hasValue(340);
            assertThat(log.sizeInBytes()).isGreaterThan(35L * RECORD);
        }
    }

    @Test
    void sparseIndexSeeksInsideALargeSegment() throws Exception {
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                futures.add(log.append(i * 2L, text("value-" + i)));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
            assertThat(text(log.read(7777, 10).get(0))).isEqualTo("value-3888");
            assertThat(log.read(7778, 29)).extracting(WalRecord::offset).containsExactly(7778L, 7780L);
        }
        // the index is rebuilt at open
        try (Wal wal = new WalFixture(dir).open()) {
            assertThat(text(wal.open("p").read(9001, 10).get(0))).isEqualTo("value-4500");
        }
    }

    @Test
    void aReadOfManySmallRecordsSpansSeveralWindowsAndKeepsEveryRecordIntact() throws Exception {
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                futures.add(log.append(i, text(String.format("record-%05d", i))));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);
            // 12-byte records cost 28 bytes each: a budget of 12,000 data bytes (1,000 records) needs
            // 28,000 bytes, more than the first window of 12,000 + HEADER_SLACK holds
            List<WalRecord> read = log.read(500, 12_000);
            assertThat(read).hasSize(1000);
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).offset()).isEqualTo(500L + i);
                assertThat(text(read.get(i))).isEqualTo(String.format("record-%05d", 500 + i));
            }
            assertThat(log.read(2990, Integer.MAX_VALUE)).extracting(WalRecord::offset)
                    .containsExactly(2990L, 2991L, 2992L, 2993L, 2994L, 2995L, 2996L, 2997L, 2998L, 2999L);
        }
    }

    @Test
    void truncateAfterIsOrderedWithAppendsAndDurable() throws Exception {
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            fill(log, 25); // offsets 0..240 in segments 0, 100, 200
            // queued without waiting: the truncation lands after the first append and before the second
            CompletableFuture<Long> before = log.append(250, text("removed"));
            CompletableFuture<Void> truncate = log.truncateAfter(125);
            CompletableFuture<Long> after = log.append(130, text("rewritten"));
            before.get(10, TimeUnit.SECONDS);
            truncate.get(10, TimeUnit.SECONDS);
            after.get(10, TimeUnit.SECONDS);

            assertThat(segments(dir.resolve("p"))).containsExactly(0L, 100L);
            assertThat(log.lastOffset()).hasValue(130);
            assertThat(log.read(115, Integer.MAX_VALUE)).extracting(WalRecord::offset).containsExactly(110L, 120L, 130L);
            assertThat(text(log.read(130, 100).get(0))).isEqualTo("rewritten");
            assertThat(WalFixture.offsets(log)).hasSize(14);
        }
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            assertThat(log.recovery().truncated()).isFalse();
            assertThat(log.lastOffset()).hasValue(130);
            log.truncateAfter(-1).get(10, TimeUnit.SECONDS);
            assertThat(log.lastOffset()).isEmpty();
            assertThat(log.read(0, 100)).isEmpty();
            assertThat(segments(dir.resolve("p"))).isEmpty();
        }
    }

    @Test
    void deleteBeforeRemovesOnlyWholeSegmentsBelowTheOffset() throws Exception {
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            fill(log, 35); // segments 0, 100, 200, 300
            assertThat(log.deleteBefore(150).get(10, TimeUnit.SECONDS)).isEqualTo(OptionalLong.of(100));
            assertThat(segments(dir.resolve("p"))).containsExactly(100L, 200L, 300L);
            assertThat(log.firstOffset()).hasValue(100);
            assertThat(log.read(0, 10)).extracting(WalRecord::offset).containsExactly(100L);

            assertThat(log.deleteBefore(300).get(10, TimeUnit.SECONDS)).isEqualTo(OptionalLong.of(300));
            assertThat(log.deleteBefore(341).get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(log.firstOffset()).isEmpty();
            assertThat(log.lastOffset()).isEmpty();
            assertThat(log.append(1000, ByteBuffer.wrap(new byte[10])).get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        }
        try (Wal wal = new WalFixture(dir).open()) {
            assertThat(WalFixture.offsets(wal.open("p"))).containsExactly(1000L);
        }
    }

    @Test
    void aDeletedLogsDirectoryIsGoneAndItsOldHandleRefusesAppends() throws Exception {
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog deleted = wal.open("deleted");
            deleted.append(0, text("x")).get(10, TimeUnit.SECONDS);
            wal.delete("deleted");
            assertThat(Files.exists(dir.resolve("deleted"))).isFalse();
            assertThat(deleted.append(1, text("z"))).isCompletedExceptionally();
            assertThat(wal.open("deleted")).isNotSameAs(deleted);
        }
    }

    @Test
    void aRecordAsLargeAsASegmentGetsASegmentOfItsOwn() throws Exception {
        int max = (int) WalFixture.SEGMENT_BYTES;
        WalConfig config = new WalConfig(dir, new FlushPolicy.Batch(), WalFixture.SEGMENT_BYTES, max,
                PluginProperties.empty("wal.disruptor."));
        try (Wal wal = new DisruptorWalProvider().create(config, new TestPluginContext())) {
            WalLog log = wal.open("p");
            log.append(0, text("small"));
            log.append(1, WalFixture.filled(max, 1));
            log.append(2, text("after")).get(10, TimeUnit.SECONDS);
            assertThat(segments(dir.resolve("p"))).containsExactly(0L, 1L, 2L);
            assertThat(log.read(1, 1)).singleElement().satisfies(r -> assertThat(r.size()).isEqualTo(max));
        }
        try (Wal wal = new DisruptorWalProvider().create(config, new TestPluginContext())) {
            assertThat(WalFixture.offsets(wal.open("p"))).containsExactly(0L, 1L, 2L);
        }
    }
}
