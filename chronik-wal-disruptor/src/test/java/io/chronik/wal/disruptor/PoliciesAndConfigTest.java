package io.chronik.wal.disruptor;

import static io.chronik.wal.disruptor.WalFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chronik.api.ConfigException;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalException;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalProvider;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PoliciesAndConfigTest {

    @TempDir
    Path dir;

    @Test
    void intervalPolicyAcknowledgesAfterTheWriteAndForcesOnTheInterval() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        try (Wal wal = fixture.open(new FlushPolicy.Interval(200), Map.of())) {
            WalLog log = wal.open("p");
            fixture.files.holdForces();
            CompletableFuture<Long> first = log.append(0, text("a"));
            fixture.awaitHeldForce();
            assertThat(first.get(10, TimeUnit.SECONDS)).as("complete while the force is held").isZero();
            assertThat(log.lastOffset()).hasValue(0);
            fixture.files.releaseForces();

            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.segmentForces() == 1);
            log.append(1, text("b")).get(10, TimeUnit.SECONDS);
            // forced later by the ring's wait timeout, although no further append arrives; the seam counts
            // a force when it starts, the meter once it returned, so wait for the meter
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    fixture.counter("chronik.wal.fsyncs", "plugin", "disruptor", "reason", "interval") == 2);
            assertThat(fixture.segmentForces()).isEqualTo(2);
        }
    }

    @Test
    void nonePolicyNeverForcesAndWarns() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(DisruptorWal.class);
        logger.addAppender(logs);
        WalFixture fixture = new WalFixture(dir);
        try (Wal wal = fixture.open(new FlushPolicy.None(), Map.of())) {
            WalLog log = wal.open("p");
            for (int i = 0; i < 20; i++) {
                log.append(i, WalFixture.filled(100 * 1024, i));
            }
            assertThat(log.append(20, text("last")).get(10, TimeUnit.SECONDS)).isEqualTo(20);
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(fixture.segmentForces()).as("not even before rolling a segment").isZero();
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("UNSAFE");
        });
        try (Wal wal = new WalFixture(dir).open()) {
            assertThat(WalFixture.offsets(wal.open("p"))).hasSize(21);
        }
    }

    @Test
    void unknownAndInvalidKeysAreRejectedByFullName() {
        WalFixture fixture = new WalFixture(dir);
        assertThatThrownBy(() -> fixture.open(new FlushPolicy.Batch(), Map.of("ring.sise", "1024")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("wal.disruptor.ring.sise");
        assertThatThrownBy(() -> fixture.open(new FlushPolicy.Batch(), Map.of("ring.size", "1000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("power of two");
        assertThatThrownBy(() -> fixture.open(new FlushPolicy.Batch(), Map.of("max.batch.delay.ms", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("wal.disruptor.max.batch.delay.ms");
        WriterSettings settings = WriterSettings.from(new io.chronik.spi.PluginProperties("wal.disruptor.",
                Map.of("ring.size", "1024", "max.batch.bytes", "65536", "max.batch.delay.ms", "2",
                        "index.interval.bytes", "512", "write.buffer.bytes", "8192", "fsync.threads", "2",
                        "preallocate.bytes", "65536")));
        assertThat(settings).isEqualTo(new WriterSettings(1024, 65536, 2_000_000, 512, 8192, 2, 65536));
        assertThatThrownBy(() -> fixture.open(new FlushPolicy.Batch(), Map.of("fsync.threads", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("wal.disruptor.fsync.threads");
        assertThatThrownBy(() -> fixture.open(new FlushPolicy.Batch(), Map.of("preallocate.bytes", "100")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("wal.disruptor.preallocate.bytes")
                .hasMessageContaining("at least 4096");
    }

    @Test
    void providerIsFoundByServiceLoader() {
        assertThat(ServiceLoader.load(WalProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(p -> {
                    assertThat(p.name()).isEqualTo("disruptor");
                    assertThat(p.spiVersion()).isEqualTo(WalProvider.SPI_VERSION);
                    assertThat(p).isInstanceOf(DisruptorWalProvider.class);
                });
    }

    @Test
    void badAppendsFailWithAReasonNamingTheLimit() throws Exception {
        try (Wal wal = new WalFixture(dir).open()) {
            assertThatThrownBy(() -> wal.open("../escape")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[A-Za-z0-9._-]");
            WalLog log = wal.open("p");
            assertThatThrownBy(() -> log.append(0, ByteBuffer.allocate(WalFixture.MAX_RECORD_BYTES + 1)).join())
                    .hasCauseInstanceOf(WalException.class).hasMessageContaining("wal.max.record.bytes");
            assertThatThrownBy(() -> log.append(-1, text("x")).join()).hasMessageContaining(">= 0");
            ByteBuffer reused = text("kept");
            log.append(3, reused).get(10, TimeUnit.SECONDS);
            assertThat(reused.position()).as("caller's buffer position untouched").isZero();
            assertThat(wal.failed()).isFalse();
        }
    }
}
