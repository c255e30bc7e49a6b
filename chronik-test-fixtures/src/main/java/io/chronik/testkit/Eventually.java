package io.chronik.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls a condition with a deadline, for the kits that wait on other threads (sockets, timers). The
 * kits live in main sources and do not drag a polling library onto every plugin's test class path;
 * a plugin's own tests may use Awaitility.
 */
public final class Eventually {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Eventually() {
    }

    /**
     * Returns as soon as {@code condition} is true; fails naming {@code what} if it is not within
     * {@code atMost}. An exception thrown by the condition counts as false until the deadline and is
     * attached to the failure.
     */
    public static void await(String what, Duration atMost, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + atMost + ": " + what, last);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Checks that {@code condition} holds on every poll during {@code period}: for things that must not
     * happen, such as a refused peer being connected.
     */
    public static void holdsThroughout(String what, Duration period, Callable<Boolean> condition) {
        long end = System.nanoTime() + period.toNanos();
        do {
            boolean holds;
            try {
                holds = condition.call();
            } catch (Exception e) {
                throw new AssertionError("check failed: " + what, e);
            }
            if (!holds) {
                throw new AssertionError("did not hold throughout " + period + ": " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        } while (System.nanoTime() - end < 0);
    }
}
