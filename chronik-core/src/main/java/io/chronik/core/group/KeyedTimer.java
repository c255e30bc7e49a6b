package io.chronik.core.group;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deadlines for all groups on one scheduler thread: at most one pending task per key (a session
 * timeout per member, a join and a sync deadline per group), rescheduling a key cancels its
 * previous task. A task that fires must still check, under its group's lock, that the condition it
 * was scheduled for holds: cancellation can race with firing.
 */
final class KeyedTimer {

    private final ScheduledExecutorService scheduler;
    private final Map<String, ScheduledFuture<?>> tasks = new ConcurrentHashMap<>();

    KeyedTimer(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    void schedule(String key, long delayMs, Runnable task) {
        AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
        ScheduledFuture<?> future = scheduler.schedule(() -> {
            // forget the key once its task runs, unless it was rescheduled meanwhile
            Optional.ofNullable(self.get()).ifPresent(me -> tasks.remove(key, me));
            task.run();
        }, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        self.set(future);
        ScheduledFuture<?> previous = tasks.put(key, future);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    void cancel(String key) {
        ScheduledFuture<?> previous = tasks.remove(key);
        if (previous != null) {
            previous.cancel(false);
        }
    }
}
