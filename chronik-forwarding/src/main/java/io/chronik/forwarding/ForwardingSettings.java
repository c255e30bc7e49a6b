package io.chronik.forwarding;

import io.chronik.spi.PluginProperties;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code forwarding.tcp.*} keys, validated.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code connect.timeout.ms}</td><td>5000</td><td>connect and handshake with a node must finish
 *   within this; the calls waiting for it fail as UNREACHABLE otherwise</td></tr>
 * </table>
 *
 * @param connectTimeout how long connecting and handshaking may take
 */
record ForwardingSettings(Duration connectTimeout) {

    static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";

    /** @throws io.chronik.api.ConfigException naming the key at fault, unknown keys included */
    static ForwardingSettings from(PluginProperties properties) {
        properties.requireOnly(Set.of(CONNECT_TIMEOUT_MS));
        return new ForwardingSettings(properties.millis(CONNECT_TIMEOUT_MS, Duration.ofSeconds(5),
                Duration.ofMillis(10), Duration.ofMinutes(10)));
    }
}
