package io.chronik.spi.wal;

import io.chronik.api.ConfigException;

/**
 * When appended bytes are forced to disk ({@code wal.flush.policy}).
 *
 * <ul>
 *   <li>{@code batch} (default): group commit. Records are forced at the end of each batch of appends
 *       the writer drains; a future completes only after its record was forced.</li>
 *   <li>{@code interval:<ms>}: forced at most every {@code ms} milliseconds; futures complete once
 *       written, before the force. A crash may lose the last interval of acknowledged writes.</li>
 *   <li>{@code none}: never forced by the WAL (the OS decides). UNSAFE: for benchmarks only.</li>
 * </ul>
 */
public sealed interface FlushPolicy {

    /** Group commit: force at the end of every batch; acknowledge after the force. */
    record Batch() implements FlushPolicy {
    }

    /** Force every {@code intervalMs}; acknowledge after the write. */
    record Interval(long intervalMs) implements FlushPolicy {
        public Interval {
            if (intervalMs < 1) {
                throw new IllegalArgumentException("interval must be >= 1 ms: " + intervalMs);
            }
        }
    }

    /** Never force. Unsafe: an acknowledged write can be lost in a power failure or OS crash. */
    record None() implements FlushPolicy {
    }

    /** Whether an acknowledged append is on disk when its future completes. */
    default boolean durableOnAck() {
        return this instanceof Batch;
    }

    /**
     * Parses the configuration form: {@code batch}, {@code interval:<ms>} or {@code none}.
     *
     * @param key the key being parsed, named in the error
     */
    static FlushPolicy parse(String key, String text) {
        String value = text.trim();
        if (value.equals("batch")) {
            return new Batch();
        }
        if (value.equals("none")) {
            return new None();
        }
        if (value.startsWith("interval:")) {
            try {
                return new Interval(Long.parseLong(value.substring("interval:".length())));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, "interval needs a whole number of milliseconds >= 1: '" + value + "'");
            }
        }
        throw new ConfigException(key, "expected batch, interval:<ms> or none, got '" + value + "'");
    }
}
