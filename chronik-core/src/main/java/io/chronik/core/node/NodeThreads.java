package io.chronik.core.node;

import io.chronik.spi.FaultReporter;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes every thread of the node and its plugins: daemon threads named {@code chronik-<role>-<n>}
 * ({@code n} counts per factory from 1), whose uncaught exceptions are reported as faults of
 * {@code thread <name>}, so no thread dies silently.
 */
final class NodeThreads {

    private final FaultReporter faults;

    NodeThreads(FaultReporter faults) {
        this.faults = faults;
    }

    /** A factory for threads of one role, e.g. {@code wal-disruptor-writer}. */
    ThreadFactory factory(String role) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "chronik-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> faults.reportFault("thread " + t.getName(), e));
            return thread;
        };
    }
}
