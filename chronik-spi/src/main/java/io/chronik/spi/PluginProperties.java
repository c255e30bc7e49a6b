package io.chronik.spi;

import io.chronik.api.ConfigException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The keys configuration gave one plugin: everything under its prefix ({@code wal.disruptor.} for the
 * {@code disruptor} WAL), with the prefix removed. Plugins never read files, environment variables
 * or system properties; they read these. Every getter that rejects a value throws a
 * {@link ConfigException} naming the full key, so startup fails with a message an admin can act on.
 *
 * <p>Immutable and thread-safe.
 */
public final class PluginProperties {

    private final String prefix;
    private final Map<String, String> values;

    /**
     * @param prefix the prefix, ending in a dot ({@code wal.disruptor.})
     * @param values the plugin's keys with the prefix removed
     */
    public PluginProperties(String prefix, Map<String, String> values) {
        if (!prefix.endsWith(".")) {
            throw new IllegalArgumentException("prefix must end with '.': " + prefix);
        }
        this.prefix = prefix;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Properties with no keys, for a plugin configured with all defaults. */
    public static PluginProperties empty(String prefix) {
        return new PluginProperties(prefix, Map.of());
    }

    /** The prefix, e.g. {@code wal.disruptor.}. */
    public String prefix() {
        return prefix;
    }

    /** Every key (without prefix) and its raw value. */
    public Map<String, String> asMap() {
        return values;
    }

    /** The full key, as an admin writes it: prefix + key. */
    public String fullKey(String key) {
        return prefix + key;
    }

    /**
     * Fails on any key the plugin does not know, naming it and listing the known ones: a typo in a
     * plugin key must stop startup, not be ignored.
     */
    public void requireOnly(Set<String> knownKeys) {
        for (String key : values.keySet()) {
            if (!knownKeys.contains(key)) {
                throw new ConfigException(fullKey(key), "unknown key; known keys under " + prefix + " are "
                        + new TreeSet<>(knownKeys));
            }
        }
    }

    public Optional<String> string(String key) {
        return Optional.ofNullable(values.get(key)).map(String::trim);
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    public int intValue(String key, int defaultValue, int min, int max) {
        long value = longValue(key, defaultValue, min, max);
        return (int) value;
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        Optional<String> raw = string(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(fullKey(key), "not a whole number: '" + raw.get() + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(fullKey(key), value + " is outside " + min + ".." + max);
        }
        return value;
    }

    public boolean booleanValue(String key, boolean defaultValue) {
        Optional<String> raw = string(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(fullKey(key), "expected true or false: '" + raw.get() + "'");
        };
    }

    /** A duration in milliseconds, written as a whole number of milliseconds. */
    public Duration millis(String key, Duration defaultValue, Duration min, Duration max) {
        long ms = longValue(key, defaultValue.toMillis(), min.toMillis(), max.toMillis());
        return Duration.ofMillis(ms);
    }

    @Override
    public String toString() {
        return "PluginProperties" + values;
    }
}
