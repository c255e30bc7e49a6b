package io.chronik.testkit.wal;

import static io.chronik.testkit.wal.WalAssertions.WAIT;
import static io.chronik.testkit.wal.WalAssertions.assertFailsWithWalException;
import static io.chronik.testkit.wal.WalAssertions.assertRecords;
import static io.chronik.testkit.wal.WalAssertions.assertSpansMatchRead;
import static io.chronik.testkit.wal.WalAssertions.await;
import static io.chronik.testkit.wal.WalAssertions.bytes;
import static io.chronik.testkit.wal.WalAssertions.offsets;
import static io.chronik.testkit.wal.WalAssertions.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chronik.spi.PluginProperties;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.RecoveryReport;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalContext;
import io.chronik.spi.wal.WalCorruptionException;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import io.chronik.spi.wal.WalSpan;
import io.chronik.testkit.TestPluginContext;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compatibility kit of the WAL SPI: every {@link Wal} implementation, built-in or third-party,
 * extends this class in its tests to prove it keeps the contract written in the Javadoc of
 * {@link Wal}, {@link WalLog}, {@link FlushPolicy} and {@link RecoveryReport}, {@link WalLog#readSpans}
 * included: whether a WAL overrides it with file regions or keeps the default, it must return what
 * {@link WalLog#read} returns.
 *
 * <pre>{@code
 * class MyWalCompatibilityTest extends WalCompatibilityKit {
 *     protected Wal createWal(WalConfig config, WalContext context) {
 *         return new MyWalProvider().create(config, context);
 *     }
 *     protected boolean storesDataInFiles() {
 *         return true;
 *     }
 * }
 * }</pre>
 *
 * <h2>What a subclass provides</h2>
 * {@link #createWal} builds a WAL over {@code config.directory()}. The kit calls it again after
 * closing the previous instance to simulate a restart ("reopen"); a WAL that keeps its data elsewhere
 * (such as {@link MemoryWal}) must hand the new instance the same storage. {@link #storesDataInFiles()}
 * says whether the WAL stores records in files under that directory, opened through
 * {@link WalContext#files()}; the tests that damage files or inject faults into {@code write} and
 * {@code force} need that and are skipped (not passed) for a WAL that does not.
 *
 * <h2>Assumptions the kit makes about files</h2>
 * Nothing about the layout. It finds a record by searching every file under the directory for the
 * record's distinctive payload, so a file-based WAL must store each record's bytes contiguously and
 * verbatim (not compressed or encrypted). The fault tests count, hold and fail calls on the channels
 * {@link WalContext#files()} returns, so such a WAL must open every file through that seam and write
 * and force through the channel, not through a memory map. Configuration: {@link #SEGMENT_BYTES} per
 * segment, {@link #MAX_RECORD_BYTES} per record, flush policy {@code batch} unless a test says otherwise.
 *
 * <h2>Where the contract leaves room</h2>
 * The kit asserts only what the contract guarantees: {@code deleteBefore} may keep records below the
 * offset that share a segment with later ones; an invalid log name may fail with any unchecked
 * exception; a corrupt record may fail {@link #createWal} or {@link Wal#open}, as long as it is a
 * {@link WalCorruptionException}.
 *
 * <p>{@link WalAssertions} holds the checks the kit is built from, for a WAL's own further tests.
 *
 * <p>Each test runs with its own {@link TempDir}, its own {@link TestPluginContext} and its own
 * {@link FaultInjectingFileChannels}; JUnit makes a new instance of the test class per test method.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class WalCompatibilityKit {

    /** The segment size the kit configures: the smallest allowed, so a few MiB span several segments. */
    protected static final long SEGMENT_BYTES = WalConfig.MIN_SEGMENT_BYTES;
    /** The record size limit the kit configures. */
    protected static final int MAX_RECORD_BYTES = 128 * 1024;

    private static final int LARGE_RECORD = 64 * 1024;

    /** The WAL's directory ({@code config.directory()}); a fresh one per test. */
    @TempDir
    protected Path directory;

    /** The file seam every WAL of this test opens its files through. */
    protected final FaultInjectingFileChannels files = new FaultInjectingFileChannels();

    /** The host context every WAL of this test gets; it records reported faults. */
    protected final TestPluginContext context = new TestPluginContext().withFiles(files);

    private FlushPolicy flushPolicy = new FlushPolicy.Batch();
    private Wal wal;

    /** For subclasses, one per WAL implementation. */
    protected WalCompatibilityKit() {
    }

    /** Builds a new WAL instance; called once per test and again after each {@link #reopen()}. */
    protected abstract Wal createWal(WalConfig config, WalContext context);

    /** Whether the WAL stores its records in files under {@code config.directory()}. */
    protected abstract boolean storesDataInFiles();

    /** The provider's own keys; none by default. Override to test non-default settings. */
    protected PluginProperties pluginProperties() {
        return PluginProperties.empty("wal.kit.");
    }

    /** The configuration the kit creates every WAL with. */
    protected final WalConfig config() {
        return new WalConfig(directory, flushPolicy, SEGMENT_BYTES, MAX_RECORD_BYTES, pluginProperties());
    }

    /** The WAL of this test, created on first use. */
    protected final Wal wal() {
        if (wal == null) {
            wal = createWal(config(), context);
        }
        return wal;
    }

    /** Closes the current WAL and creates a new one over the same directory: a clean restart. */
    protected final Wal reopen() {
        closeWal();
        return wal();
    }

    /** Closes the current WAL, if any. */
    protected final void closeWal() {
        if (wal != null) {
            Wal closing = wal;
            wal = null;
            closing.close();
        }
    }

    @AfterEach
    void releaseAndClose() {
        files.releaseForces();
        closeWal();
    }

    // ---------------------------------------------------------------- appends and reads

    @Test
    void newLogIsEmpty() {
        WalLog log = wal().open("empty");

        assertThat(log.name()).isEqualTo("empty");
        assertThat(log.firstOffset()).isEmpty();
        assertThat(log.lastOffset()).isEmpty();
        assertThat(log.read(0, Integer.MAX_VALUE)).isEmpty();
        assertThat(log.sizeInBytes()).isNotNegative();
        assertThat(log.recovery().truncated()).isFalse();
    }

    @Test
    void appendedRecordsAreReadBackInOrder() {
        WalLog log = wal().open("ordered");
        Map<Long, byte[]> expected = appendAll(log, "ordered", LongStream.rangeClosed(1, 100), 300);

        assertThat(log.firstOffset()).hasValue(1);
        assertThat(log.lastOffset()).hasValue(100);
        assertThat(log.sizeInBytes()).as("size includes every data byte").isGreaterThanOrEqualTo(100 * 300);
        assertRecords(log, expected);
    }

    @Test
    void openingAnOpenLogReturnsTheSameInstance() {
        assertThat(wal().open("same")).isSameAs(wal().open("same"));
    }

    @Test
    void appendCompletesWithItsOffset() {
        WalLog log = wal().open("completes");

        assertThat(await(log.append(42, ByteBuffer.wrap(payload("completes", 10))))).isEqualTo(42L);
        assertThat(log.lastOffset()).hasValue(42);
    }

    @Test
    void appendCopiesTheBufferFromPositionToLimitBeforeReturning() {
        WalLog log = wal().open("copies");
        byte[] content = payload("copies", 100);
        ByteBuffer buffer = ByteBuffer.allocate(120);
        buffer.position(10).put(content).flip().position(10);

        CompletableFuture<Long> appended = log.append(1, buffer);
        buffer.clear();
        buffer.put(new byte[120]);
        await(appended);

        assertRecords(log, Map.of(1L, content));
    }

    @Test
    void nonIncreasingOffsetsAreRejected() {
        WalLog log = wal().open("increasing");
        byte[] first = payload("increasing-5", 50);
        await(log.append(5, ByteBuffer.wrap(first)));

        assertFailsWithWalException(log.append(5, ByteBuffer.wrap(payload("duplicate", 50))));
        assertFailsWithWalException(log.append(3, ByteBuffer.wrap(payload("smaller", 50))));
        byte[] next = payload("increasing-6", 50);
        assertThat(await(log.append(6, ByteBuffer.wrap(next)))).isEqualTo(6L);

        assertRecords(log, orderedMap(5L, first, 6L, next));
    }

    @Test
    void offsetsNeedNotBeDense() {
        WalLog log = wal().open("sparse");
        Map<Long, byte[]> expected = appendAll(log, "sparse", LongStream.of(0, 1, 1_000, 1L << 40), 64);

        assertThat(log.firstOffset()).hasValue(0);
        assertThat(log.lastOffset()).hasValue(1L << 40);
        assertRecords(log, expected);
    }

    @Test
    void recordsUpToTheMaximumSizeAreAcceptedAndLargerOnesRejected() {
        WalLog log = wal().open("sizes");
        byte[] largest = payload("largest", MAX_RECORD_BYTES);

        assertFailsWithWalException(log.append(1, ByteBuffer.wrap(payload("too-large", MAX_RECORD_BYTES + 1))));
        assertThat(await(log.append(2, ByteBuffer.wrap(largest)))).isEqualTo(2L);
        byte[] empty = new byte[0];
        assertThat(await(log.append(3, ByteBuffer.wrap(empty)))).isEqualTo(3L);

        assertRecords(log, orderedMap(2L, largest, 3L, empty));
    }

    @Test
    void readStartsAtTheRecordContainingTheOffset() {
        WalLog log = wal().open("containing");
        Map<Long, byte[]> all = appendAll(log, "containing", LongStream.of(10, 20, 30, 40), 100);

        assertThat(offsets(log.read(10, Integer.MAX_VALUE))).containsExactly(10L, 20L, 30L, 40L);
        assertThat(offsets(log.read(25, Integer.MAX_VALUE))).as("25 lies in the record at 20")
                .containsExactly(20L, 30L, 40L);
        assertThat(offsets(log.read(30, Integer.MAX_VALUE))).containsExactly(30L, 40L);
        assertThat(offsets(log.read(45, Integer.MAX_VALUE))).as("45 lies in the last record").containsExactly(40L);
        assertThat(offsets(log.read(5, Integer.MAX_VALUE))).as("5 precedes the first record")
                .containsExactly(10L, 20L, 30L, 40L);
        for (WalRecord record : log.read(10, Integer.MAX_VALUE)) {
            assertThat(record.data().isReadOnly()).as("record data is read-only").isTrue();
            assertThat(record.data().position()).as("record data starts at 0").isZero();
            assertThat(bytes(record)).isEqualTo(all.get(record.offset()));
        }
    }

    @Test
    void readRespectsMaxBytesButAlwaysReturnsOneRecord() {
        WalLog log = wal().open("bounded");
        appendAll(log, "bounded", LongStream.of(10, 20, 30, 40), 100);

        assertThat(offsets(log.read(20, 250))).containsExactly(20L, 30L);
        assertThat(offsets(log.read(20, 300))).as("exactly maxBytes fits").containsExactly(20L, 30L, 40L);
        assertThat(offsets(log.read(20, 199))).containsExactly(20L);
        assertThat(offsets(log.read(20, 1))).as("the first record even if larger than maxBytes")
                .containsExactly(20L);
        assertThat(offsets(log.read(20, 0))).containsExactly(20L);
    }

    @Test
    void recordsSpanningManySegmentsAreReadAcrossSegmentBoundaries() {
        WalLog log = wal().open("spanning");
        Map<Long, byte[]> expected = appendOneByOne(log, "spanning", 1, 40, LARGE_RECORD);

        assertThat(offsets(log.read(1, 3 * LARGE_RECORD))).containsExactly(1L, 2L, 3L);
        assertThat(offsets(log.read(15, 3 * LARGE_RECORD + 1))).containsExactly(15L, 16L, 17L);
        assertRecords(log, expected);
        WalLog reopened = reopen().open("spanning");
        assertRecords(reopened, expected);
        assertThat(reopened.sizeInBytes()).isGreaterThanOrEqualTo(40L * LARGE_RECORD);
    }

    // ---------------------------------------------------------------- readSpans

    @Test
    void readSpansReturnsWhatReadReturnsForEveryStartAndBudget() {
        WalLog log = wal().open("spans");
        assertThat(log.readSpans(0, Integer.MAX_VALUE)).as("readSpans of an empty log").isEmpty();
        int[] sizes = {0, 1, 100, 4_096, LARGE_RECORD, MAX_RECORD_BYTES, 7};
        long offset = 10;
        long gap = 1;
        // Records of several sizes at sparse offsets, one by one so the log rolls to further segments.
        for (int round = 0; round < 8; round++) {
            for (int size : sizes) {
                await(log.append(offset, ByteBuffer.wrap(payload("spans-" + offset, size))));
                offset += gap;
                gap = gap % 3 + 1;
            }
        }

        assertSpansMatchReadEverywhere(log);
        assertSpansMatchRead(log, Long.MIN_VALUE, Integer.MAX_VALUE);
        assertSpansMatchRead(log, offset + 1_000, 0);
    }

    @Test
    void readSpansReturnsWhatReadReturnsAfterTruncateAfterDeleteBeforeAndReopen() {
        WalLog log = wal().open("spans-kept");
        appendOneByOne(log, "spans-kept", 1, 48, LARGE_RECORD);
        assertSpansMatchReadEverywhere(log);

        await(log.truncateAfter(30));
        assertThat(offsets(assertSpansMatchRead(log, 0, Integer.MAX_VALUE))).endsWith(30L);
        appendAll(log, "spans-kept-again", LongStream.rangeClosed(31, 36), 5_000);
        assertSpansMatchReadEverywhere(log);

        OptionalLong first = await(log.deleteBefore(25));
        assertThat(offsets(assertSpansMatchRead(log, 0, Integer.MAX_VALUE))).startsWith(first.orElseThrow());
        assertSpansMatchReadEverywhere(log);

        WalLog reopened = reopen().open("spans-kept");
        assertSpansMatchReadEverywhere(reopened);
        await(reopened.truncateAfter(0));
        assertThat(reopened.readSpans(0, Integer.MAX_VALUE)).as("readSpans of an emptied log").isEmpty();
    }

    @Test
    void spansStayValidWhileLaterRecordsAreAppendedAndSegmentsRoll() {
        WalLog log = wal().open("spans-held");
        Map<Long, byte[]> early = appendOneByOne(log, "spans-held", 1, 10, LARGE_RECORD);
        List<WalSpan> held = log.readSpans(1, Integer.MAX_VALUE);

        appendOneByOne(log, "spans-held-later", 11, 40, LARGE_RECORD);

        assertThat(held).extracting(WalSpan::offset).containsExactlyElementsOf(early.keySet());
        for (WalSpan span : held) {
            assertThat(WalAssertions.bytes(span)).as("data of record %d read after later appends", span.offset())
                    .isEqualTo(early.get(span.offset()));
        }
    }

    @Test
    void readSpansSeesOnlyDurableRecords() throws InterruptedException {
        requireFiles();
        WalLog log = wal().open("spans-durable");
        await(log.append(1, ByteBuffer.wrap(payload("spans-durable-1", 100))));

        files.holdForces();
        CompletableFuture<Long> pending = log.append(2, ByteBuffer.wrap(payload("spans-durable-2", 100)));
        assertThat(files.awaitHeldForce(WAIT)).as("the append must lead to a force").isTrue();
        assertThat(offsets(assertSpansMatchRead(log, 0, Integer.MAX_VALUE))).containsExactly(1L);
        assertThat(log.readSpans(2, Integer.MAX_VALUE)).extracting(WalSpan::offset).containsExactly(1L);

        files.releaseForces();
        await(pending);
        assertThat(offsets(assertSpansMatchRead(log, 0, Integer.MAX_VALUE))).containsExactly(1L, 2L);
    }

    /**
     * Compares {@code readSpans} with {@code read} from before the first record, from every record, from
     * just after every record, and past the last, each with budgets of none, one byte, just under,
     * exactly and just over the first two records, and everything.
     */
    private static void assertSpansMatchReadEverywhere(WalLog log) {
        List<Long> stored = offsets(WalAssertions.readAll(log));
        List<Long> starts = new ArrayList<>(List.of(Long.MIN_VALUE));
        stored.forEach(offset -> starts.addAll(List.of(offset, offset + 1)));
        for (long from : starts) {
            List<WalRecord> all = assertSpansMatchRead(log, from, Integer.MAX_VALUE);
            int two = all.stream().limit(2).mapToInt(r -> r.data().remaining()).sum();
            for (int budget : new int[] {0, 1, two - 1, two, two + 1}) {
                assertSpansMatchRead(log, from, Math.max(budget, 0));
            }
        }
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentAppendersEachToTheirOwnLogLoseAndDuplicateNothing() throws Exception {
        int appenders = 16;
        int perAppender = 200;
        Wal shared = wal();
        List<Map<Long, byte[]>> expected = ConcurrentAppenders.run(appenders, appender -> {
            WalLog log = shared.open("own-" + appender);
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            Map<Long, byte[]> appended = new LinkedHashMap<>();
            for (long offset = 0; offset < perAppender; offset++) {
                byte[] data = payload("own-" + appender + "-" + offset, 100);
                appended.put(offset, data);
                futures.add(log.append(offset, ByteBuffer.wrap(data)));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(await(futures.get(i))).isEqualTo((long) i);
            }
            return appended;
        });

        for (int appender = 0; appender < appenders; appender++) {
            assertRecords(wal().open("own-" + appender), expected.get(appender));
        }
    }

    @Test
    void concurrentAppendersToOneSharedLogLoseAndDuplicateNothingAndCompleteInOrder() throws Exception {
        int appenders = 16;
        int perAppender = 200;
        int total = appenders * perAppender;
        WalLog log = wal().open("shared");
        Object offsetLock = new Object();
        long[] nextOffset = {1};
        AtomicReferenceArray<CompletableFuture<Long>> futures = new AtomicReferenceArray<>(total + 1);
        AtomicReferenceArray<byte[]> written = new AtomicReferenceArray<>(total + 1);
        AtomicInteger outOfOrder = new AtomicInteger();

        ConcurrentAppenders.run(appenders, appender -> {
            for (int i = 0; i < perAppender; i++) {
                byte[] data = payload("shared-" + appender + "-" + i, 100);
                // Offsets must increase in append-call order, so drawing the offset and appending
                // happen under one lock; completion is still asynchronous and overlaps across threads.
                synchronized (offsetLock) {
                    int offset = (int) nextOffset[0]++;
                    written.set(offset, data);
                    CompletableFuture<Long> future = log.append(offset, ByteBuffer.wrap(data));
                    futures.set(offset, future);
                    future.whenComplete((o, e) -> {
                        if (offset > 1 && !futures.get(offset - 1).isDone()) {
                            outOfOrder.incrementAndGet();
                        }
                    });
                }
            }
            return null;
        });

        for (int offset = 1; offset <= total; offset++) {
            assertThat(await(futures.get(offset))).isEqualTo((long) offset);
        }
        assertThat(outOfOrder).as("futures completed before an earlier append's future").hasValue(0);
        Map<Long, byte[]> expected = new LinkedHashMap<>();
        for (int offset = 1; offset <= total; offset++) {
            expected.put((long) offset, written.get(offset));
        }
        assertRecords(log, expected);
    }

    // ---------------------------------------------------------------- durability and flush policies

    @Test
    void batchPolicyCompletesAFutureOnlyAfterForceReturned() throws Exception {
        requireFiles();
        WalLog log = wal().open("acked-after-force");
        await(log.append(1, ByteBuffer.wrap(payload("before-hold", 100))));
        long forcesBefore = files.forces();

        files.holdForces();
        CompletableFuture<Long> pending = log.append(2, ByteBuffer.wrap(payload("while-held", 100)));

        assertThat(files.awaitHeldForce(WAIT)).as("the append must lead to a force").isTrue();
        assertThatThrownBy(() -> pending.get(200, TimeUnit.MILLISECONDS))
                .as("the future must not complete while its force is in progress")
                .isInstanceOf(TimeoutException.class);
        assertThat(log.lastOffset()).as("a record is not visible before its future completes").hasValue(1);
        assertThat(offsets(log.read(2, Integer.MAX_VALUE))).containsExactly(1L);

        files.releaseForces();
        assertThat(await(pending)).isEqualTo(2L);
        assertThat(files.forces()).isGreaterThan(forcesBefore);
        assertThat(log.lastOffset()).hasValue(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"interval:60000", "none"})
    void nonBatchPoliciesAcknowledgeWithoutWaitingForForce(String policy) {
        requireFiles();
        flushPolicy = FlushPolicy.parse("wal.flush.policy", policy);
        WalLog log = wal().open("not-forced");

        files.holdForces();
        assertThat(await(log.append(1, ByteBuffer.wrap(payload("not-forced", 100))))).isEqualTo(1L);
        assertThat(log.lastOffset()).hasValue(1);
        files.releaseForces();
    }

    @Test
    void intervalPolicyForcesAcknowledgedAppendsWithinTheInterval() throws Exception {
        requireFiles();
        flushPolicy = new FlushPolicy.Interval(20);
        WalLog log = wal().open("interval");
        long forcesBefore = files.forces();

        await(log.append(1, ByteBuffer.wrap(payload("interval", 100))));

        assertThat(files.awaitForces(forcesBefore + 1, WAIT))
                .as("an interval WAL forces what it acknowledged, without a further append").isTrue();
    }

    @Test
    void nonePolicyNeverForcesOnAppend() {
        requireFiles();
        flushPolicy = new FlushPolicy.None();
        WalLog log = wal().open("never-forced");
        long forcesBefore = files.forces();

        Map<Long, byte[]> expected = appendAll(log, "never-forced", LongStream.rangeClosed(1, 50), 100);

        assertThat(files.forces()).as("forces while appending under flush policy none").isEqualTo(forcesBefore);
        assertRecords(log, expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch", "interval:5", "none"})
    void reopenKeepsEveryAcknowledgedRecord(String policy) {
        flushPolicy = FlushPolicy.parse("wal.flush.policy", policy);
        Map<String, Map<Long, byte[]>> expected = new LinkedHashMap<>();
        for (String name : List.of("kept-a", "kept-b", "kept-c")) {
            expected.put(name, appendAll(wal().open(name), name, LongStream.rangeClosed(1, 50), 1024));
        }

        reopen();

        assertThat(wal().logNames()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, records) -> {
            WalLog log = wal().open(name);
            assertThat(log.firstOffset()).hasValue(1);
            assertThat(log.lastOffset()).hasValue(50);
            assertThat(log.recovery()).isEqualTo(new RecoveryReport(50, 0, Optional.empty(),
                    Optional.empty()));
            assertRecords(log, records);
        });
    }

    @Test
    void closeMakesEveryAcceptedAppendDurableAndCompletesItsFuture() {
        WalLog log = wal().open("closing");
        Map<Long, byte[]> expected = new LinkedHashMap<>();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (long offset = 1; offset <= 200; offset++) {
            byte[] data = payload("closing-" + offset, 500);
            expected.put(offset, data);
            futures.add(log.append(offset, ByteBuffer.wrap(data)));
        }

        closeWal();

        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i)).as("future of offset %d after close", i + 1).isDone();
            assertThat(await(futures.get(i))).isEqualTo(i + 1L);
        }
        assertRecords(wal().open("closing"), expected);
    }

    @Test
    void closeIsIdempotentAndLaterAppendsFail() {
        WalLog log = wal().open("closed");
        await(log.append(1, ByteBuffer.wrap(payload("closed", 10))));
        Wal closing = wal();

        closing.close();
        closing.close();

        assertFailsWithWalException(log.append(2, ByteBuffer.wrap(payload("after-close", 10))));
        assertThat(closing.failed()).as("a closed WAL has not failed").isFalse();
    }

    // ---------------------------------------------------------------- recovery

    @ParameterizedTest(name = "garbage after the cut: {0}")
    @ValueSource(booleans = {false, true})
    void tornTailIsTruncatedAndReportedAndAppendsContinue(boolean garbageAfterCut) {
        requireFiles();
        WalLog log = wal().open("torn");
        Map<Long, byte[]> intact = appendAll(log, "torn", LongStream.of(10, 20, 30, 40), 200);
        byte[] torn = payload("torn-50", 200);
        await(log.append(50, ByteBuffer.wrap(torn)));
        closeWal();

        StoredBytes.Location location = locateUnique(torn);
        StoredBytes.cut(location.file(), location.position() + torn.length / 2);
        if (garbageAfterCut) {
            byte[] garbage = new byte[4096];
            new Random(7).nextBytes(garbage);
            StoredBytes.append(location.file(), garbage);
        }

        WalLog recovered = wal().open("torn");
        assertRecords(recovered, intact);
        RecoveryReport report = recovered.recovery();
        assertThat(report.truncated()).as("recovery reports the torn tail: %s", report).isTrue();
        assertThat(report.bytesTruncated()).isPositive();
        assertThat(report.truncatedFromOffset()).hasValue(40L);
        assertThat(report.reason()).isPresent();
        assertThat(report.recordsRecovered()).isEqualTo(4);

        byte[] next = payload("after-torn-50", 200);
        assertThat(await(recovered.append(50, ByteBuffer.wrap(next)))).isEqualTo(50L);
        intact.put(50L, next);
        WalLog again = reopen().open("torn");
        assertRecords(again, intact);
        assertThat(again.recovery().truncated()).as("the repaired log recovers cleanly").isFalse();
    }

    @Test
    void corruptRecordFollowedByValidOnesFailsTheOpen() {
        requireFiles();
        WalLog log = wal().open("corrupt");
        Map<Long, byte[]> records = appendAll(log, "corrupt", LongStream.rangeClosed(1, 10), 200);
        closeWal();

        byte[] victim = records.get(3L);
        List<StoredBytes.Location> copies = StoredBytes.find(directory, victim);
        assertThat(copies).as("record 3's payload stored verbatim under %s", directory).isNotEmpty();
        copies.forEach(copy -> StoredBytes.flipByte(new StoredBytes.Location(copy.file(),
                copy.position() + victim.length / 2)));

        Throwable thrown = catchThrowable(() -> wal().open("corrupt"));
        assertThat(thrown).as("opening a log with a corrupt record in the middle")
                .isInstanceOf(WalCorruptionException.class);
    }

    // ---------------------------------------------------------------- truncateAfter and deleteBefore

    @Test
    void truncateAfterRemovesLaterRecordsDurablyAndFreesTheirOffsets() {
        WalLog log = wal().open("truncated");
        Map<Long, byte[]> expected = appendOneByOne(log, "truncated", 1, 40, LARGE_RECORD);
        long sizeBefore = log.sizeInBytes();

        await(log.truncateAfter(5));

        assertThat(log.lastOffset()).hasValue(5);
        assertThat(log.sizeInBytes()).isLessThan(sizeBefore);
        expected.keySet().removeIf(offset -> offset > 5);
        assertRecords(log, expected);
        byte[] reused = payload("reused-6", 300);
        assertThat(await(log.append(6, ByteBuffer.wrap(reused)))).isEqualTo(6L);
        expected.put(6L, reused);

        WalLog reopened = reopen().open("truncated");
        assertRecords(reopened, expected);
        assertThat(reopened.recovery().truncated()).isFalse();
    }

    @Test
    void truncateAfterTakesEffectAfterEarlierAppends() {
        WalLog log = wal().open("ordered-truncate");
        Map<Long, byte[]> expected = new LinkedHashMap<>();
        for (long offset = 11; offset <= 15; offset++) {
            byte[] data = payload("ordered-truncate-" + offset, 100);
            expected.put(offset, data);
            log.append(offset, ByteBuffer.wrap(data));
        }

        await(log.truncateAfter(12));

        assertThat(log.lastOffset()).hasValue(12);
        expected.keySet().removeIf(offset -> offset > 12);
        assertRecords(log, expected);
    }

    @Test
    void truncateAfterBeforeTheFirstRecordEmptiesTheLog() {
        WalLog log = wal().open("emptied");
        appendAll(log, "emptied", LongStream.rangeClosed(1, 5), 100);

        await(log.truncateAfter(0));

        assertThat(log.lastOffset()).isEmpty();
        assertThat(log.read(0, Integer.MAX_VALUE)).isEmpty();
        byte[] again = payload("emptied-again", 100);
        assertThat(await(log.append(1, ByteBuffer.wrap(again)))).isEqualTo(1L);
        assertRecords(reopen().open("emptied"), Map.of(1L, again));
    }

    @Test
    void deleteBeforeFreesWholeSegmentsAndKeepsEveryLaterRecord() {
        WalLog log = wal().open("retained");
        Map<Long, byte[]> all = appendOneByOne(log, "retained", 1, 48, LARGE_RECORD);
        long sizeBefore = log.sizeInBytes();

        OptionalLong first = await(log.deleteBefore(40));

        assertThat(first).isEqualTo(log.firstOffset());
        // A segment of SEGMENT_BYTES holds at most 17 of these records, so the first segment (offsets
        // <= 17, all below 40) must be gone; records sharing a segment with offset 40 may remain.
        assertThat(first.orElseThrow()).isBetween(2L, 40L);
        assertThat(log.sizeInBytes()).isLessThan(sizeBefore);
        Map<Long, byte[]> kept = new LinkedHashMap<>(all);
        kept.keySet().removeIf(offset -> offset < first.getAsLong());
        assertRecords(log, kept);

        byte[] next = payload("retained-49", 100);
        await(log.append(49, ByteBuffer.wrap(next)));
        kept.put(49L, next);
        WalLog reopened = reopen().open("retained");
        assertThat(reopened.firstOffset()).isEqualTo(first);
        assertRecords(reopened, kept);
    }

    @Test
    void deleteBeforeEverythingStillAcceptsLaterAppends() {
        WalLog log = wal().open("retained-all");
        appendOneByOne(log, "retained-all", 1, 20, LARGE_RECORD);

        OptionalLong first = await(log.deleteBefore(1_000));

        assertThat(first).isEqualTo(log.firstOffset());
        byte[] later = payload("retained-all-1000", 100);
        assertThat(await(log.append(1_000, ByteBuffer.wrap(later)))).isEqualTo(1_000L);
        List<WalRecord> read = log.read(1_000, Integer.MAX_VALUE);
        assertThat(offsets(read)).containsExactly(1_000L);
        assertThat(bytes(read.get(0))).isEqualTo(later);
    }

    // ---------------------------------------------------------------- log names

    @Test
    void logNamesListsEveryStoredLogAndDeleteRemovesOne() {
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        for (String name : List.of("names-a", "names-b", "names-c")) {
            byte[] data = payload("payload-of-" + name, 200);
            payloads.put(name, data);
            await(wal().open(name).append(1, ByteBuffer.wrap(data)));
        }
        wal().open("names-empty");

        assertThat(wal().logNames()).containsExactlyInAnyOrder("names-a", "names-b", "names-c", "names-empty");

        wal().delete("names-b");
        wal().delete("names-never-existed");

        assertThat(wal().logNames()).containsExactlyInAnyOrder("names-a", "names-c", "names-empty");
        if (storesDataInFiles()) {
            assertThat(StoredBytes.find(directory, payloads.get("names-b")))
                    .as("delete removes the log's files").isEmpty();
        }
        reopen();
        assertThat(wal().logNames()).containsExactlyInAnyOrder("names-a", "names-c", "names-empty");
        assertRecords(wal().open("names-a"), Map.of(1L, payloads.get("names-a")));
        WalLog recreated = wal().open("names-b");
        assertThat(recreated.lastOffset()).as("a deleted log comes back empty").isEmpty();
        assertThat(await(recreated.append(1, ByteBuffer.wrap(payload("recreated", 10))))).isEqualTo(1L);
    }

    @Test
    void logNamesFollowTheNamingRule() {
        String longest = "n".repeat(255);
        for (String valid : List.of("a", "...", "Orders_0.v-2", longest)) {
            await(wal().open(valid).append(1, ByteBuffer.wrap(payload(valid, 10))));
        }
        assertThat(reopen().logNames()).containsExactlyInAnyOrder("a", "...", "Orders_0.v-2", longest);

        for (String invalid : List.of("", ".", "..", "a/b", "a\\b", "spaced name", "ü", "n".repeat(256))) {
            assertThatThrownBy(() -> wal().open(invalid)).as("open(\"%s\")", invalid)
                    .isInstanceOf(RuntimeException.class);
        }
        assertThat(wal().logNames()).hasSize(4);
    }

    @Test
    void manyLogsEachKeepTheirRecords() {
        int logs = 1_000;
        Map<String, Map<Long, byte[]>> expected = new LinkedHashMap<>();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < logs; i++) {
            String name = "many-" + i;
            WalLog log = wal().open(name);
            Map<Long, byte[]> records = new LinkedHashMap<>();
            for (long offset = 0; offset < 3; offset++) {
                byte[] data = payload(name + "-" + offset, 64);
                records.put(offset, data);
                futures.add(log.append(offset, ByteBuffer.wrap(data)));
            }
            expected.put(name, records);
        }
        futures.forEach(WalAssertions::await);

        reopen();

        assertThat(wal().logNames()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, records) -> assertRecords(wal().open(name), records));
    }

    // ---------------------------------------------------------------- fail-stop

    @ParameterizedTest(name = "failed {0}")
    @ValueSource(strings = {"force", "write"})
    void aFailedForceOrWriteFailsTheWalForGood(String failing) {
        requireFiles();
        WalLog log = wal().open("fail-" + failing);
        WalLog other = wal().open("fail-" + failing + "-other");
        await(log.append(1, ByteBuffer.wrap(payload("fail-" + failing + "-1", 100))));

        if (failing.equals("force")) {
            files.failForce(1);
        } else {
            files.failWrite(1);
        }
        CompletableFuture<Long> failed = log.append(2, ByteBuffer.wrap(payload("fail-" + failing + "-2", 100)));

        assertFailsWithWalException(failed);
        assertFailStop(log, other, 3);
    }

    @Test
    void failedForceFailsEveryPendingAppend() throws Exception {
        requireFiles();
        WalLog log = wal().open("pending");
        WalLog other = wal().open("pending-other");
        await(log.append(1, ByteBuffer.wrap(payload("pending-1", 100))));
        await(other.append(1, ByteBuffer.wrap(payload("pending-other-1", 100))));

        files.holdForces();
        List<CompletableFuture<Long>> pending = new ArrayList<>();
        pending.add(log.append(2, ByteBuffer.wrap(payload("pending-2", 100))));
        assertThat(files.awaitHeldForce(WAIT)).as("the append must lead to a force").isTrue();
        pending.add(log.append(3, ByteBuffer.wrap(payload("pending-3", 100))));
        pending.add(other.append(2, ByteBuffer.wrap(payload("pending-other-2", 100))));
        files.failHeldForces();

        pending.forEach(WalAssertions::assertFailsWithWalException);
        assertFailStop(log, other, 4);
    }

    /**
     * After a failure was observed: the WAL says it failed, reported a fault, fails later appends at
     * once, and neither forces again nor on close.
     */
    private void assertFailStop(WalLog log, WalLog other, long nextOffset) {
        assertThat(wal().failed()).isTrue();
        assertThat(context.reportedFaults()).as("a fault is reported to the host").isNotEmpty();
        long forces = files.forces();

        CompletableFuture<Long> later = log.append(nextOffset, ByteBuffer.wrap(payload("later", 10)));
        CompletableFuture<Long> elsewhere = other.append(nextOffset + 100, ByteBuffer.wrap(payload("elsewhere", 10)));
        assertThat(later).as("an append on a failed WAL fails at once").isCompletedExceptionally();
        assertThat(elsewhere).as("an append to another log of a failed WAL fails at once")
                .isCompletedExceptionally();
        assertFailsWithWalException(later);
        assertFailsWithWalException(elsewhere);

        Wal failed = wal();
        closeWal();
        assertThat(failed.failed()).as("failed stays failed").isTrue();
        assertThat(files.forces()).as("no force after the failure, not even on close").isEqualTo(forces);
    }

    // ---------------------------------------------------------------- files

    @Test
    void filesLiveUnderTheDirectoryAndAreOpenedThroughTheSeam() {
        requireFiles();
        byte[] data = payload("seam", 300);
        await(wal().open("seam").append(1, ByteBuffer.wrap(data)));

        assertThat(files.openedFiles()).as("files opened through WalContext.files()").isNotEmpty()
                .allSatisfy(file -> assertThat(file).startsWith(directory.toAbsolutePath().normalize()));
        assertThat(StoredBytes.find(directory, data)).as("the record is stored under %s", directory)
                .isNotEmpty();
        assertThat(files.forces()).as("batch policy forces").isPositive();
    }

    // ---------------------------------------------------------------- helpers

    /** Skips the calling test for a WAL that does not keep its records in files. */
    protected final void requireFiles() {
        assumeTrue(storesDataInFiles(), "the WAL does not store its data in files under config.directory()");
    }

    /** Appends records of {@code size} bytes at {@code offsets}, waiting for all at the end. */
    private static Map<Long, byte[]> appendAll(WalLog log, String tag, LongStream offsets, int size) {
        return append(log, tag, offsets, size, false);
    }

    /**
     * Appends records {@code from..to}, waiting for each before the next, so a WAL that rolls segments
     * only between batches still rolls at {@link #SEGMENT_BYTES}.
     */
    private static Map<Long, byte[]> appendOneByOne(WalLog log, String tag, long from, long to, int size) {
        return append(log, tag, LongStream.rangeClosed(from, to), size, true);
    }

    private static Map<Long, byte[]> append(WalLog log, String tag, LongStream offsets, int size, boolean awaitEach) {
        Map<Long, byte[]> appended = new LinkedHashMap<>();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        offsets.forEach(offset -> {
            byte[] data = payload(tag + "-" + offset, size);
            appended.put(offset, data);
            CompletableFuture<Long> future = log.append(offset, ByteBuffer.wrap(data));
            if (awaitEach) {
                await(future);
            }
            futures.add(future);
        });
        futures.forEach(WalAssertions::await);
        return appended;
    }

    private StoredBytes.Location locateUnique(byte[] needle) {
        List<StoredBytes.Location> found = StoredBytes.find(directory, needle);
        assertThat(found).as("the payload stored verbatim exactly once under %s", directory).hasSize(1);
        return found.get(0);
    }

    private static Map<Long, byte[]> orderedMap(long k1, byte[] v1, long k2, byte[] v2) {
        Map<Long, byte[]> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
