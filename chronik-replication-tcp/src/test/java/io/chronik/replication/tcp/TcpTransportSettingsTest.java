package io.chronik.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.api.ConfigException;
import io.chronik.spi.PluginProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TcpTransportSettingsTest {

    private static PluginProperties props(Map<String, String> values) {
        return new PluginProperties("replication.tcp.", values);
    }

    @Test
    void defaults() {
        TcpTransportSettings settings = TcpTransportSettings.from(PluginProperties.empty("replication.tcp."), 1 << 20);
        assertThat(settings.queueMaxMessages()).isEqualTo(10_000);
        assertThat(settings.queueMaxBytes()).isEqualTo(64L << 20);
        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.backoffMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(TcpTransportSettings.from(PluginProperties.empty("replication.tcp."), 100 << 20).queueMaxBytes())
                .as("the queue holds at least one largest message").isEqualTo(100L << 20);
    }

    @Test
    void unknownKeyIsRejectedByItsFullName() {
        assertThatThrownBy(() -> TcpTransportSettings.from(props(Map.of("heartbeat.intervall.ms", "5")), 1024))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("replication.tcp.heartbeat.intervall.ms")
                .hasMessageContaining("heartbeat.interval.ms");
    }

    @Test
    void inconsistentValuesNameTheKey() {
        assertThatThrownBy(() -> TcpTransportSettings.from(props(Map.of("heartbeat.interval.ms", "1000",
                "heartbeat.timeout.ms", "1500")), 1024))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replication.tcp.heartbeat.timeout.ms");
        assertThatThrownBy(() -> TcpTransportSettings.from(props(Map.of("connect.backoff.initial.ms", "1000",
                "connect.backoff.max.ms", "10")), 1024))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replication.tcp.connect.backoff.max.ms");
        assertThatThrownBy(() -> TcpTransportSettings.from(props(Map.of("queue.max.bytes", "1000")), 4096))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replication.tcp.queue.max.bytes");
        assertThatThrownBy(() -> TcpTransportSettings.from(props(Map.of("queue.max.messages", "lots")), 4096))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a whole number");
    }
}
