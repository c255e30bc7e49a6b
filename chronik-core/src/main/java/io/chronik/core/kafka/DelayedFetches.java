package io.chronik.core.kafka;

import io.chronik.core.log.TopicPartition;
import io.chronik.spi.Time;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Fetch requests waiting for data (long poll). A waiter watches some partitions; when one of them
 * gets new durable data ({@link #onDurable}), the waiter's attempt is re-run on the handler
 * executor, and it completes as soon as an attempt succeeds or its deadline passes. Nothing polls:
 * without appends or expiry a waiter costs no CPU.
 *
 * <h2>Threading</h2>
 * {@link #onDurable} is called on WAL threads and only looks up waiters and schedules work.
 * Attempts of one waiter are coalesced (at most one queued at a time) and may run on any handler
 * thread; only the first completion wins.
 */
final class DelayedFetches implements AutoCloseable {

    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final Time time;
    private final Map<TopicPartition, Set<Waiter<?>>> waiting = new ConcurrentHashMap<>();

    /**
     * @param executor runs attempts (the request-handler pool)
     * @param timer    fires expiries; owned by this object and shut down by {@link #close()}
     */
    DelayedFetches(Executor executor, ScheduledExecutorService timer, Time time) {
        this.executor = executor;
        this.timer = timer;
        this.time = time;
    }

    /**
     * Waits until {@code attempt} returns a result after data arrived on one of {@code watched}, or
     * {@code maxWaitMs} passed, when the result of {@code onExpiry} is returned instead.
     */
    <R> CompletableFuture<R> await(Set<TopicPartition> watched, long maxWaitMs, Supplier<Optional<R>> attempt,
                                   Supplier<R> onExpiry) {
        Waiter<R> waiter = new Waiter<>(watched, time.nanoseconds() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs),
                attempt, onExpiry);
        watched.forEach(tp -> waiting.computeIfAbsent(tp, k -> ConcurrentHashMap.newKeySet()).add(waiter));
        waiter.expiry = timer.schedule(() -> executor.execute(waiter::expire), maxWaitMs, TimeUnit.MILLISECONDS);
        // Data may have arrived between the caller's first attempt and the registration above.
        waiter.scheduleAttempt();
        return waiter.result;
    }

    /** New durable data on {@code partition}: retry the waiters watching it. */
    void onDurable(TopicPartition partition) {
        Set<Waiter<?>> waiters = waiting.get(partition);
        if (waiters != null) {
            waiters.forEach(Waiter::scheduleAttempt);
        }
    }

    /** The number of fetches waiting, for tests and metrics. */
    int waitingCount() {
        return (int) waiting.values().stream().flatMap(Set::stream).distinct().count();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private final class Waiter<R> {
        private final Set<TopicPartition> watched;
        private final long deadlineNanos;
        private final Supplier<Optional<R>> attempt;
        private final Supplier<R> onExpiry;
        private final CompletableFuture<R> result = new CompletableFuture<>();
        private final AtomicBoolean attemptQueued = new AtomicBoolean();
        private volatile ScheduledFuture<?> expiry;

        Waiter(Set<TopicPartition> watched, long deadlineNanos, Supplier<Optional<R>> attempt, Supplier<R> onExpiry) {
            this.watched = watched;
            this.deadlineNanos = deadlineNanos;
            this.attempt = attempt;
            this.onExpiry = onExpiry;
        }

        void scheduleAttempt() {
            if (!result.isDone() && attemptQueued.compareAndSet(false, true)) {
                try {
                    executor.execute(this::tryComplete);
                } catch (RejectedExecutionException e) {
                    // The broker is shutting down; the waiter's connection is being closed anyway.
                    attemptQueued.set(false);
                }
            }
        }

        private void tryComplete() {
            attemptQueued.set(false);
            if (result.isDone()) {
                return;
            }
            try {
                if (time.nanoseconds() >= deadlineNanos) {
                    finish(onExpiry.get());
                } else {
                    attempt.get().ifPresent(this::finish);
                }
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void expire() {
            if (result.isDone()) {
                return;
            }
            try {
                finish(onExpiry.get());
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        private void finish(R value) {
            if (result.complete(value)) {
                unregister();
            }
        }

        private void fail(RuntimeException e) {
            if (result.completeExceptionally(e)) {
                unregister();
            }
        }

        private void unregister() {
            ScheduledFuture<?> scheduled = expiry;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            for (TopicPartition tp : watched) {
                waiting.computeIfPresent(tp, (k, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }
}
