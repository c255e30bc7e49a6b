package io.chronik.core.raft;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * The simulation's only clock and thread: a priority queue of events ordered by (time, insertion
 * sequence), so one seed always replays the same interleaving. Keeps the last events as a trace for
 * failure reports.
 */
final class SimScheduler {

    private static final int TRACE_LENGTH = 60;

    private record Event(long timeMs, long seq, String description, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.timeMs != b.timeMs
            ? Long.compare(a.timeMs, b.timeMs) : Long.compare(a.seq, b.seq));
    private final Deque<String> trace = new ArrayDeque<>();
    private long now;
    private long seq;
    private long executed;

    long now() {
        return now;
    }

    long executed() {
        return executed;
    }

    void at(long timeMs, String description, Runnable action) {
        queue.add(new Event(Math.max(timeMs, now), seq++, description, action));
    }

    void after(long delayMs, String description, Runnable action) {
        at(now + delayMs, description, action);
    }

    /** Runs events until the queue is empty or the next one is after {@code endMs}; {@code check} after each. */
    void runUntil(long endMs, Runnable check) {
        while (!queue.isEmpty() && queue.peek().timeMs() <= endMs) {
            Event e = queue.poll();
            now = e.timeMs();
            note(e.description());
            e.action().run();
            executed++;
            check.run();
        }
        now = Math.max(now, endMs);
    }

    /**
     * Runs {@code ms} of simulated time after now, calling {@code check} after every event; a failure is
     * rethrown with the simulated nodes' state ({@code what}: {@code state}) and the tail of the trace.
     */
    void advance(long ms, Runnable check, String what, Supplier<String> state) {
        try {
            runUntil(now + ms, check);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- " + what + " ---\n" + state.get()
                    + "\n--- trace tail ---\n" + traceTail(), e);
        }
    }

    /** Adds a line to the trace (events add themselves; actions may add details). */
    void note(String line) {
        if (trace.size() == TRACE_LENGTH) {
            trace.pollFirst();
        }
        trace.addLast(now + "ms " + line);
    }

    String traceTail() {
        return String.join("\n", trace);
    }
}
