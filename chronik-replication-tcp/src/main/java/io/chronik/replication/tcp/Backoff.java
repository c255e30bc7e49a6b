package io.chronik.replication.tcp;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delays between connection attempts to one peer: doubling from {@code initial} after every failure,
 * never above {@code max}, each spread by ±{@value #JITTER_PERCENT}% so that nodes restarted together do
 * not dial in lockstep. A successful handshake resets it.
 *
 * <p>Not thread-safe: used by the I/O thread only.
 */
final class Backoff {

    static final int JITTER_PERCENT = 20;

    private final long initialNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private long nextNanos;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max: " + initial + ", " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
        this.nextNanos = initialNanos;
    }

    /** The delay before the next attempt; each call after a failure doubles the base delay. */
    long nextDelayNanos() {
        long base = nextNanos;
        nextNanos = Math.min(maxNanos, base * 2);
        long spread = base * JITTER_PERCENT / 100;
        long jittered = base - spread + (spread == 0 ? 0 : random.nextLong(2 * spread + 1));
        return Math.min(maxNanos, jittered);
    }

    void reset() {
        nextNanos = initialNanos;
    }
}
