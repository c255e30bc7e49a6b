package io.chronik.wal.disruptor;

import static io.chronik.wal.disruptor.WalFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalException;
import io.chronik.spi.wal.WalLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group commit touching several logs forces their files concurrently on the {@code wal-fsync} pool,
 * completes no future before every force returned, and fails the WAL as a whole when one force fails.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConcurrentForceTest {

    private static final List<String> LOGS = List.of("a", "b", "c");

    @TempDir
    Path dir;

    @Test
    void aBatchOfThreeLogsForcesTheirFilesConcurrentlyAndCompletesAfterAll() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        try (Wal wal = open(fixture, 3)) {
            List<CompletableFuture<Long>> batch = heldBatchOfThreeLogs(fixture, wal, 0);

            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.files.heldForces() == 3);
            assertThat(batch).noneMatch(CompletableFuture::isDone);
            fixture.files.releaseForces();

            for (CompletableFuture<Long> future : batch) {
                assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
            for (String name : LOGS) {
                assertThat(fixture.segmentForces(name, 0)).as("one force per dirty file per batch").isEqualTo(2);
            }
            assertThat(fixture.counter("chronik.wal.fsyncs", "plugin", "disruptor", "reason", "end_of_batch"))
                    .as("each force counted").isEqualTo(5 + 3);
        }
    }

    @Test
    void oneFailedForceOfThreeFailsTheWholeBatchAndTheWal() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        try (Wal wal = open(fixture, 3)) {
            List<CompletableFuture<Long>> batch = heldBatchOfThreeLogs(fixture, wal, 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.files.heldForces() == 3);
            fixture.files.releaseForces();

            for (CompletableFuture<Long> future : batch) {
                assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(WalException.class).hasMessageContaining("injected force failure");
            }
            assertThat(wal.failed()).isTrue();
            assertThat(fixture.files.heldForces()).as("no force still in flight once failed").isZero();
            assertThat(fixture.context.reportedFaults()).singleElement()
                    .satisfies(fault -> assertThat(fault.component()).isEqualTo("wal"));
            long forces = fixture.files.forces();
            assertThatThrownBy(() -> wal.open("a").append(2, text("later")).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(WalException.class);
            assertThat(fixture.files.forces()).as("no force retried, none after the failure").isEqualTo(forces);
            for (String name : LOGS) {
                assertThat(wal.open(name).lastOffset()).as("failed records never visible").hasValue(0);
            }
        }
    }

    @Test
    void oneFsyncThreadForcesOneFileAtATime() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        try (Wal wal = open(fixture, 1)) {
            List<CompletableFuture<Long>> batch = heldBatchOfThreeLogs(fixture, wal, 0);

            fixture.awaitHeldForce();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> fixture.files.heldForces() == 1);
            assertThat(batch).noneMatch(CompletableFuture::isDone);
            fixture.files.releaseForces();

            for (CompletableFuture<Long> future : batch) {
                assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().contains("wal-fsync"));
        }
    }

    private static Wal open(WalFixture fixture, int fsyncThreads) {
        // a long delay limit, so the three appends below are one batch cut only by its end
        return fixture.open(new FlushPolicy.Batch(), Map.of("fsync.threads", String.valueOf(fsyncThreads),
                "max.batch.delay.ms", "10000"));
    }

    /**
     * Writes offset 0 to logs a, b, c and "blocker" (so their segments and directories are forced), then
     * makes offset 1 of a, b and c one batch whose forces are held: the writer thread is kept in the
     * held force of the blocker's second record while the three appends are queued behind it, and only
     * that force is let go.
     *
     * @param failNth which of the batch's three forces fails (1 to 3), or 0 for none
     */
    private static List<CompletableFuture<Long>> heldBatchOfThreeLogs(WalFixture fixture, Wal wal, int failNth)
            throws Exception {
        List<WalLog> logs = new ArrayList<>();
        for (String name : LOGS) {
            WalLog log = wal.open(name);
            log.append(0, text(name)).get(10, TimeUnit.SECONDS);
            logs.add(log);
        }
        WalLog blocker = wal.open("blocker");
        blocker.append(0, text("blocker")).get(10, TimeUnit.SECONDS);
        fixture.files.holdForces();
        CompletableFuture<Long> blocking = blocker.append(1, text("blocker"));
        fixture.awaitHeldForce();

        List<CompletableFuture<Long>> batch = new ArrayList<>();
        for (WalLog log : logs) {
            batch.add(log.append(1, text(log.name())));
        }
        if (failNth > 0) {
            fixture.files.failForce(failNth);
        }
        fixture.files.releaseHeldForces();
        assertThat(blocking.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        return batch;
    }
}
