package io.chronik.examples.chaos;

import io.chronik.api.ConfigException;
import io.chronik.spi.PluginProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The {@code replication.chaos.*} keys, validated.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code delegate}</td><td>{@code tcp}</td><td>the transport that really moves the bytes</td></tr>
 *   <tr><td>{@code loss.percent}</td><td>0</td><td>share of outbound messages dropped, 0..100</td></tr>
 *   <tr><td>{@code delay.ms}</td><td>0</td><td>every outbound message is held this long</td></tr>
 *   <tr><td>{@code jitter.ms}</td><td>0</td><td>plus a random 0..jitter, never reordering a pair</td></tr>
 *   <tr><td>{@code seed}</td><td>random</td><td>seed of the loss and jitter draws, for repeatable runs</td></tr>
 *   <tr><td>{@code queue.max.messages}</td><td>10000</td><td>delayed messages held at most; {@code send}
 *   returns false beyond</td></tr>
 *   <tr><td>{@code <delegate>.*}</td><td></td><td>the delegate's own keys, e.g. {@code replication.chaos.tcp.connect.timeout.ms}</td></tr>
 * </table>
 *
 * @param delegate           the delegate provider's name
 * @param lossPercent        0..100
 * @param delay              the fixed delay
 * @param jitter             the random extra delay's upper bound
 * @param seed               the seed, if configured
 * @param queueMaxMessages   how many delayed messages may wait at once
 * @param delegateProperties the delegate's keys, under {@code replication.chaos.<delegate>.}
 */
record ChaosSettings(String delegate, int lossPercent, Duration delay, Duration jitter, OptionalLong seed,
                     int queueMaxMessages, PluginProperties delegateProperties) {

    static final String DELEGATE = "delegate";
    static final String LOSS_PERCENT = "loss.percent";
    static final String DELAY_MS = "delay.ms";
    static final String JITTER_MS = "jitter.ms";
    static final String SEED = "seed";
    static final String QUEUE_MAX_MESSAGES = "queue.max.messages";
    private static final Set<String> KEYS = Set.of(DELEGATE, LOSS_PERCENT, DELAY_MS, JITTER_MS, SEED,
            QUEUE_MAX_MESSAGES);

    /** Whether messages are held at all; if not, they go straight to the delegate. */
    boolean delays() {
        return !delay.isZero() || !jitter.isZero();
    }

    /** @throws ConfigException naming the key at fault, unknown keys included */
    static ChaosSettings from(PluginProperties properties) {
        String delegate = properties.string(DELEGATE, "tcp");
        if (delegate.isEmpty()) {
            throw new ConfigException(properties.fullKey(DELEGATE), "must name a replication transport, e.g. tcp");
        }
        String delegatePrefix = delegate + ".";
        Map<String, String> own = new HashMap<>();
        Map<String, String> delegated = new HashMap<>();
        properties.asMap().forEach((key, value) -> {
            if (key.startsWith(delegatePrefix)) {
                delegated.put(key.substring(delegatePrefix.length()), value);
            } else {
                own.put(key, value);
            }
        });
        new PluginProperties(properties.prefix(), own).requireOnly(KEYS);
        Duration maxDelay = Duration.ofMinutes(10);
        Optional<String> seed = properties.string(SEED);
        return new ChaosSettings(delegate,
                properties.intValue(LOSS_PERCENT, 0, 0, 100),
                properties.millis(DELAY_MS, Duration.ZERO, Duration.ZERO, maxDelay),
                properties.millis(JITTER_MS, Duration.ZERO, Duration.ZERO, maxDelay),
                seed.isPresent() ? OptionalLong.of(properties.longValue(SEED, 0, Long.MIN_VALUE, Long.MAX_VALUE))
                        : OptionalLong.empty(),
                properties.intValue(QUEUE_MAX_MESSAGES, 10_000, 1, 10_000_000),
                new PluginProperties(properties.fullKey(delegatePrefix), delegated));
    }
}
