package io.chronik.examples.chaos;

import java.util.Random;

/**
 * The random draws of one chaos transport: whether a message is lost, and its jitter. One seeded
 * {@link Random} under a lock, so a run with a fixed {@code seed} and one sending thread draws the same
 * sequence every time; with several sending threads the interleaving decides who gets which draw.
 */
final class Dice {

    private final Random random;

    Dice(long seed) {
        this.random = new Random(seed);
    }

    /** True for about {@code percent} of calls. */
    synchronized boolean lose(int percent) {
        return percent > 0 && random.nextInt(100) < percent;
    }

    /** A uniform draw in {@code 0..maxNanos}. */
    synchronized long jitterNanos(long maxNanos) {
        return maxNanos == 0 ? 0 : (long) (random.nextDouble() * (maxNanos + 1));
    }
}
