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

/**
 * What this WAL adds to the kit's fail-stop tests: the fault's component name, maintenance commands
 * failing like appends, and what a restart finds after a failed force.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FailStopTest {

    @TempDir
    Path dir;

    @Test
    void aFailedForceFailsMaintenanceTooAndLosesNoAcknowledgedRecord() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        Wal wal = fixture.open();
        WalLog log = wal.open("p");
        assertThat(log.append(0, text("durable")).get(10, TimeUnit.SECONDS)).isZero();

        // The append being forced and those queued behind its (failing) force all fail.
        fixture.files.failForce(1);
        fixture.files.holdForces();
        List<CompletableFuture<Long>> batch = new ArrayList<>();
        batch.add(log.append(1, text("a")));
        fixture.awaitHeldForce();
        batch.add(log.append(2, text("b")));
        CompletableFuture<Void> truncate = log.truncateAfter(0);
        fixture.files.releaseForces();

        for (CompletableFuture<?> future : List.of(batch.get(0), batch.get(1), truncate)) {
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(WalException.class);
        }
        assertThat(fixture.context.reportedFaults()).singleElement().satisfies(fault -> {
            assertThat(fault.component()).isEqualTo("wal");
            assertThat(fault.cause()).hasMessageContaining("injected force failure");
        });
        assertThatThrownBy(() -> log.deleteBefore(1).join()).hasCauseInstanceOf(WalException.class)
                .hasMessageContaining("injected force failure");

        wal.close();
        // nothing acknowledged was lost, and the failed records never became visible
        assertThat(log.lastOffset()).hasValue(0);
        try (Wal reopened = new WalFixture(dir).open()) {
            assertThat(WalFixture.offsets(reopened.open("p"))).startsWith(0L);
        }
    }
}
