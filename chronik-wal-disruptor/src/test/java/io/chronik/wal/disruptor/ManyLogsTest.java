package io.chronik.wal.disruptor;

import static io.chronik.wal.disruptor.WalFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManyLogsTest {

    private static final int LOGS = 1000;

    @TempDir
    Path dir;

    @Test
    void aThousandLogsShareOneWriterThread() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        long threadsBefore = writerThreads();
        try (Wal wal = fixture.open()) {
            List<WalLog> logs = new ArrayList<>();
            for (int i = 0; i < LOGS; i++) {
                logs.add(wal.open("topic-" + i));
            }
            ExecutorService appenders = Executors.newFixedThreadPool(4);
            try {
                List<CompletableFuture<Long>> futures = new ArrayList<>();
                for (int round = 0; round < 2; round++) {
                    long offset = round;
                    List<CompletableFuture<CompletableFuture<Long>>> submitted = new ArrayList<>();
                    for (WalLog log : logs) {
                        submitted.add(CompletableFuture.supplyAsync(() -> log.append(offset, text(log.name())), appenders));
                    }
                    // round 1 is published only after round 0, so each log's offsets increase
                    for (CompletableFuture<CompletableFuture<Long>> s : submitted) {
                        futures.add(s.get(30, TimeUnit.SECONDS));
                    }
                }
                CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(90, TimeUnit.SECONDS);
            } finally {
                appenders.shutdownNow();
            }
            assertThat(writerThreads() - threadsBefore).isEqualTo(1);
            for (WalLog log : logs) {
                assertThat(log.lastOffset()).hasValue(1);
                assertThat(WalFixture.text(log.read(0, 100).get(0))).isEqualTo(log.name());
            }
            assertThat(wal.logNames()).hasSize(LOGS);
            // group commit across logs: every file forced at least once, far fewer batches than appends
            assertThat(fixture.context.meters().get("chronik.wal.batch.records").summary().count())
                    .isLessThan(2L * LOGS);
        }
        assertThat(writerThreads()).isEqualTo(threadsBefore);
    }

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().contains("wal-writer")).count();
    }
}
