package io.chronik.wal.disruptor;

import static io.chronik.wal.disruptor.WalFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalException;
import io.chronik.spi.wal.WalLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FailStopTest {

    @TempDir
    Path dir;

    @Test
    void aFailedForceFailsTheWalForGoodAndIsNeverRetried() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        fixture.files.failForce(2);
        Wal wal = fixture.open();
        WalLog log = wal.open("p");
        assertThat(log.append(0, text("durable")).get(10, TimeUnit.SECONDS)).isZero();

        // The append being forced and those queued behind its (failing) force all fail.
        fixture.files.closeGate();
        List<CompletableFuture<Long>> batch = new ArrayList<>();
        batch.add(log.append(1, text("a")));
        fixture.files.awaitForceEntered();
        batch.add(log.append(2, text("b")));
        batch.add(log.append(3, text("c")));
        fixture.files.openGate();

        for (CompletableFuture<Long> future : batch) {
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(WalException.class);
        }
        assertThat(wal.failed()).isTrue();
        assertThat(fixture.context.reportedFaults()).singleElement().satisfies(fault -> {
            assertThat(fault.component()).isEqualTo("wal");
            assertThat(fault.cause()).hasMessageContaining("injected force failure");
        });

        CompletableFuture<Long> later = log.append(4, text("later"));
        assertThat(later).isCompletedExceptionally();
        assertThatThrownBy(later::join).hasCauseInstanceOf(WalException.class)
                .hasMessageContaining("injected force failure");
        assertThat(log.truncateAfter(0)).isCompletedExceptionally();

        wal.close();
        assertThat(fixture.files.forceAttempts()).as("no force after the failed one").isEqualTo(2);
        // nothing acknowledged was lost, and the failed records never became visible
        assertThat(log.lastOffset()).hasValue(0);
        try (Wal reopened = new WalFixture(dir).open()) {
            assertThat(WalFixture.offsets(reopened.open("p"))).startsWith(0L);
        }
    }

    @Test
    void appendsAfterCloseFailAtOnce() {
        WalFixture fixture = new WalFixture(dir);
        Wal wal = fixture.open();
        WalLog log = wal.open("p");
        wal.close();
        wal.close();
        assertThat(log.append(0, text("x"))).isCompletedExceptionally();
        assertThatThrownBy(() -> wal.open("q")).isInstanceOf(WalException.class);
        assertThat(wal.failed()).isFalse();
    }
}
