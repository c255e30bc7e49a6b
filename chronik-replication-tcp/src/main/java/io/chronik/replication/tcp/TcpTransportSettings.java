package io.chronik.replication.tcp;

import io.chronik.api.ConfigException;
import io.chronik.spi.PluginProperties;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code replication.tcp.*} keys, validated.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code queue.max.messages}</td><td>10000</td><td>messages waiting per peer before {@code send} returns false</td></tr>
 *   <tr><td>{@code queue.max.bytes}</td><td>64 MiB, at least {@code maxMessageBytes}</td><td>header + body bytes waiting per peer</td></tr>
 *   <tr><td>{@code connect.timeout.ms}</td><td>5000</td><td>connect and handshake must finish within this</td></tr>
 *   <tr><td>{@code connect.backoff.initial.ms}</td><td>100</td><td>first delay before redialing a peer</td></tr>
 *   <tr><td>{@code connect.backoff.max.ms}</td><td>5000</td><td>the delay doubles up to this</td></tr>
 *   <tr><td>{@code heartbeat.interval.ms}</td><td>1000</td><td>a connection that wrote nothing for this long sends a heartbeat</td></tr>
 *   <tr><td>{@code heartbeat.timeout.ms}</td><td>5000</td><td>a connection that read nothing for this long is closed; at least twice the interval</td></tr>
 * </table>
 */
record TcpTransportSettings(int queueMaxMessages, long queueMaxBytes, Duration connectTimeout,
                            Duration backoffInitial, Duration backoffMax, Duration heartbeatInterval,
                            Duration heartbeatTimeout) {

    static final String QUEUE_MAX_MESSAGES = "queue.max.messages";
    static final String QUEUE_MAX_BYTES = "queue.max.bytes";
    static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    static final String BACKOFF_INITIAL_MS = "connect.backoff.initial.ms";
    static final String BACKOFF_MAX_MS = "connect.backoff.max.ms";
    static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
    static final String HEARTBEAT_TIMEOUT_MS = "heartbeat.timeout.ms";

    private static final Set<String> KEYS = Set.of(QUEUE_MAX_MESSAGES, QUEUE_MAX_BYTES, CONNECT_TIMEOUT_MS,
            BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, HEARTBEAT_INTERVAL_MS, HEARTBEAT_TIMEOUT_MS);
    private static final long DEFAULT_QUEUE_BYTES = 64L * 1024 * 1024;

    /**
     * @param maxMessageBytes the transport's largest message; the byte bound must hold at least one
     * @throws ConfigException naming the key at fault
     */
    static TcpTransportSettings from(PluginProperties properties, int maxMessageBytes) {
        properties.requireOnly(KEYS);
        int maxMessages = properties.intValue(QUEUE_MAX_MESSAGES, 10_000, 1, 10_000_000);
        long maxBytes = properties.longValue(QUEUE_MAX_BYTES, Math.max(DEFAULT_QUEUE_BYTES, maxMessageBytes),
                maxMessageBytes, Long.MAX_VALUE);
        Duration connectTimeout = ms(properties, CONNECT_TIMEOUT_MS, 5000, 10, 600_000);
        Duration initial = ms(properties, BACKOFF_INITIAL_MS, 100, 1, 60_000);
        Duration max = ms(properties, BACKOFF_MAX_MS, Math.max(5000, initial.toMillis()), 1, 600_000);
        if (max.compareTo(initial) < 0) {
            throw new ConfigException(properties.fullKey(BACKOFF_MAX_MS), max.toMillis() + " is below "
                    + properties.fullKey(BACKOFF_INITIAL_MS) + " (" + initial.toMillis() + ")");
        }
        Duration interval = ms(properties, HEARTBEAT_INTERVAL_MS, 1000, 10, 60_000);
        Duration timeout = ms(properties, HEARTBEAT_TIMEOUT_MS, Math.max(5000, 2 * interval.toMillis()), 20,
                600_000);
        if (timeout.compareTo(interval.multipliedBy(2)) < 0) {
            throw new ConfigException(properties.fullKey(HEARTBEAT_TIMEOUT_MS), timeout.toMillis()
                    + " must be at least twice " + properties.fullKey(HEARTBEAT_INTERVAL_MS) + " ("
                    + interval.toMillis() + ")");
        }
        return new TcpTransportSettings(maxMessages, maxBytes, connectTimeout, initial, max, interval, timeout);
    }

    private static Duration ms(PluginProperties properties, String key, long defaultMs, long min, long max) {
        return properties.millis(key, Duration.ofMillis(defaultMs), Duration.ofMillis(min), Duration.ofMillis(max));
    }
}
