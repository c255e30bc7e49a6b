package io.chronik.wal.disruptor;

import static io.chronik.wal.disruptor.WalFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.spi.FaultReporter;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.Time;
import io.chronik.spi.wal.FileChannels;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalContext;
import io.chronik.spi.wal.WalLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void concurrentAppendersShareForces() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        int threads = 8;
        int perThread = 250;
        try (Wal wal = fixture.open()) {
            WalLog log = wal.open("p-0");
            AtomicLong nextOffset = new AtomicLong();
            List<CompletableFuture<Long>> futures = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < perThread; i++) {
                        // offsets must increase in ring order: take and publish under one lock
                        synchronized (nextOffset) {
                            futures.add(log.append(nextOffset.getAndIncrement(), text("r")));
                        }
                    }
                });
                thread.start();
                appenders.add(thread);
            }
            start.countDown();
            for (Thread thread : appenders) {
                thread.join();
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

            int appends = threads * perThread;
            assertThat(log.lastOffset()).hasValue(appends - 1);
            assertThat(fixture.segmentForces()).isLessThan(appends / 4);
            assertThat(fixture.counter("chronik.wal.appends", "plugin", "disruptor")).isEqualTo(appends);
            assertThat(fixture.context.meters().get("chronik.wal.fsync").timer().count())
                    .isGreaterThanOrEqualTo(fixture.segmentForces());
        }
    }

    @Test
    void futureCompletesAndRecordBecomesVisibleOnlyAfterTheForce() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        try (Wal wal = fixture.open()) {
            WalLog log = wal.open("p-0");
            fixture.files.holdForces();
            CompletableFuture<Long> append = log.append(5, text("five"));

            fixture.awaitHeldForce();
            assertThat(append).isNotDone();
            assertThat(log.lastOffset()).isEmpty();
            assertThat(log.read(0, 1000)).isEmpty();
            assertThat(log.firstOffset()).isEmpty();

            fixture.files.releaseForces();
            assertThat(append.get(10, TimeUnit.SECONDS)).isEqualTo(5);
            assertThat(fixture.segmentForces()).isEqualTo(1);
            assertThat(log.lastOffset()).hasValue(5);
            assertThat(log.read(0, 1000)).singleElement().satisfies(r -> assertThat(text(r)).isEqualTo("five"));
            assertThat(fixture.counter("chronik.wal.fsyncs", "plugin", "disruptor", "reason", "end_of_batch"))
                    .isEqualTo(1);
        }
    }

    /**
     * A lone appender that waits for each future must cost one force of its segment per append and
     * nothing else: no directory force once the segment exists, no second force per batch, and no
     * commit held back until {@code max.batch.delay.ms} (a 10 s delay here would time the test out).
     */
    @Test
    void aSynchronousAppenderCostsExactlyOneForcePerAppend() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        try (Wal wal = fixture.open(new FlushPolicy.Batch(), Map.of("max.batch.delay.ms", "10000"))) {
            WalLog log = wal.open("p");
            log.append(0, text("creates the segment")).get(10, TimeUnit.SECONDS);
            long forcesBefore = fixture.files.forces();
            int appends = 200;
            for (int offset = 1; offset <= appends; offset++) {
                assertThat(log.append(offset, text("r" + offset)).get(10, TimeUnit.SECONDS)).isEqualTo(offset);
            }
            assertThat(fixture.files.forces() - forcesBefore).as("forces of any file or directory").isEqualTo(appends);
            assertThat(fixture.counter("chronik.wal.fsyncs", "plugin", "disruptor", "reason", "end_of_batch"))
                    .isEqualTo(appends + 1);
            assertThat(fixture.counter("chronik.wal.fsyncs", "plugin", "disruptor", "reason", "max_delay")).isZero();
        }
    }

    @Test
    void oneForcePerDirtyFilePerBatchAcrossLogs() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        // no max-delay commit inside the batch, however slow this machine is
        try (Wal wal = fixture.open(new FlushPolicy.Batch(), Map.of("max.batch.delay.ms", "10000"))) {
            List<WalLog> logs = List.of(wal.open("a"), wal.open("b"), wal.open("c"));
            for (WalLog log : logs) {
                log.append(0, text("first")).get(10, TimeUnit.SECONDS);
            }
            assertThat(fixture.segmentForces()).isEqualTo(3);

            // Hold the writer inside a force so the next appends queue up and form one batch.
            fixture.files.holdForces();
            CompletableFuture<Long> blocker = logs.get(0).append(1, text("blocker"));
            fixture.awaitHeldForce();
            List<CompletableFuture<Long>> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                for (int l = 0; l < logs.size(); l++) {
                    batch.add(logs.get(l).append(10 + i, text("x")));
                }
            }
            fixture.files.releaseForces();
            blocker.get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(batch.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);

            // the blocker's force of a, then one force of each file for the batch of 30 appends
            assertThat(fixture.segmentForces()).isEqualTo(4 + 3);
            assertThat(fixture.segmentForces("a", 0)).isEqualTo(3);
            assertThat(fixture.segmentForces("b", 0)).isEqualTo(2);
            assertThat(fixture.segmentForces("c", 0)).isEqualTo(2);
            for (WalLog log : logs) {
                assertThat(log.lastOffset()).hasValue(19);
            }
        }
    }

    @Test
    void maxBatchBytesForcesBeforeTheBatchEnds() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        try (Wal wal = fixture.open(new FlushPolicy.Batch(),
                Map.of("max.batch.bytes", "4096", "max.batch.delay.ms", "10000"))) {
            WalLog log = wal.open("p");
            log.append(0, text("first")).get(10, TimeUnit.SECONDS);
            fixture.files.holdForces();
            CompletableFuture<Long> blocker = log.append(1, text("blocker"));
            fixture.awaitHeldForce();
            List<CompletableFuture<Long>> queued = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                queued.add(log.append(2 + i, WalFixture.filled(1000, i)));
            }
            fixture.files.releaseForces();
            blocker.get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(queued.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
            // 10 records of ~1 KiB in one Disruptor batch, forced every 4 KiB: 2 by bytes, 1 at the end
            assertThat(fixture.counter("chronik.wal.fsyncs", "plugin", "disruptor", "reason", "max_bytes"))
                    .isEqualTo(2);
            assertThat(WalFixture.offsets(log)).hasSize(12);
        }
    }

    @Test
    void callbacksCanAppendEvenWhenTheRingIsFull() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        try (Wal wal = fixture.open(new FlushPolicy.Batch(), Map.of("ring.size", "64"))) {
            WalLog log = wal.open("p");
            int burst = 500;
            // The callback runs on the WAL's completion thread and issues far more appends than the ring has
            // slots: they wait for the writer, which never waits for that thread.
            CompletableFuture<List<CompletableFuture<Long>>> issued = log.append(0, text("start")).thenApply(v -> {
                List<CompletableFuture<Long>> more = new ArrayList<>();
                for (int i = 1; i <= burst; i++) {
                    more.add(log.append(i, text("c")));
                }
                return more;
            });
            List<CompletableFuture<Long>> more = issued.get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(more.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
            assertThat(WalFixture.offsets(log)).hasSize(burst + 1).isSorted();
            assertThat(log.append(burst + 1, text("after")).get(10, TimeUnit.SECONDS)).isEqualTo(burst + 1);
        }
    }

    @Test
    void maxBatchDelayForcesWhenTheOldestPendingRecordWaitedTooLong() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        // a clock that moves 1 ms every time it is read: the record just written has already waited 1 ms
        AtomicLong nanos = new AtomicLong();
        Time steppingClock = new Time() {
            @Override
            public long milliseconds() {
                return TimeUnit.NANOSECONDS.toMillis(nanoseconds());
            }

            @Override
            public long nanoseconds() {
                return nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
            }
        };
        WalContext context = new WalContext() {
            @Override
            public FileChannels files() {
                return fixture.context.files();
            }

            @Override
            public Time time() {
                return steppingClock;
            }

            @Override
            public MeterRegistry meters() {
                return fixture.context.meters();
            }

            @Override
            public ThreadFactory threads(String role) {
                return fixture.context.threads(role);
            }

            @Override
            public FaultReporter faults() {
                return fixture.context.faults();
            }
        };
        WalConfig config = new WalConfig(dir, new FlushPolicy.Batch(), WalFixture.SEGMENT_BYTES,
                WalFixture.MAX_RECORD_BYTES, new PluginProperties("wal.disruptor.", Map.of("max.batch.delay.ms", "1")));
        try (Wal wal = new DisruptorWalProvider().create(config, context)) {
            WalLog log = wal.open("p");
            assertThat(log.append(0, text("waited")).get(10, TimeUnit.SECONDS)).isZero();
            assertThat(fixture.counter("chronik.wal.fsyncs", "plugin", "disruptor", "reason", "max_delay"))
                    .isEqualTo(1);
            assertThat(fixture.counter("chronik.wal.fsyncs", "plugin", "disruptor", "reason", "end_of_batch"))
                    .as("nothing left to force at the end of the batch").isZero();
        }
    }
}
