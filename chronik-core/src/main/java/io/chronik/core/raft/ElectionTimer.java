package io.chronik.core.raft;

import java.util.Random;

/**
 * Draws randomised election deadlines from the injected {@link Random} (uniform in
 * [timeout, 2 × timeout)), so voters rarely time out together and a seed replays exactly.
 */
final class ElectionTimer {

    private final Random random;
    private final int timeoutMs;

    ElectionTimer(Random random, int timeoutMs) {
        this.random = random;
        this.timeoutMs = timeoutMs;
    }

    long deadline(long nowMs) {
        return nowMs + timeoutMs + random.nextInt(timeoutMs);
    }
}
