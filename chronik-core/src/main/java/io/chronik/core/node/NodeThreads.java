package io.chronik.core.node;

import io.chronik.spi.FaultReporter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes every thread of the node and its plugins: daemon threads named {@code chronik-<role>-<n>}
 * ({@code n} counts per role from 1, across every factory of that role, so names are unique in the
 * node), whose uncaught exceptions are reported as faults of {@code thread <name>}, so no thread dies
 * silently. Thread-safe.
 */
final class NodeThreads {

    private final FaultReporter faults;
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();

    NodeThreads(FaultReporter faults) {
        this.faults = faults;
    }

    /** A factory for threads of one role, e.g. {@code wal-disruptor-writer}. */
    ThreadFactory factory(String role) {
        AtomicInteger count = counters.computeIfAbsent(role, r -> new AtomicInteger());
        return runnable -> {
            Thread thread = new Thread(runnable, "chronik-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> faults.reportFault("thread " + t.getName(), e));
            return thread;
        };
    }
}
