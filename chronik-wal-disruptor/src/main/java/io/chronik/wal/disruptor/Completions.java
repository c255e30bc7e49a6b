package io.chronik.wal.disruptor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Completes the WAL's futures on a thread of its own ({@code wal-ack}), one completion after another in
 * the order the writer handed them over, so futures of one log still complete in append order.
 *
 * <h2>Why a thread of its own</h2>
 * Completing a future wakes the thread waiting for it, a system call per appender, and runs its
 * callbacks. With 64 appenders a group commit acknowledges about 50 records, and waking them one by one
 * on the writer thread delayed the next batch's write and force by that much; with preallocated segments
 * a force takes a few hundred microseconds on the benchmark disk, the same order as those wake-ups.
 * Here the writer hands the whole batch over and starts the next one, so wake-ups overlap the next
 * force instead of preceding it.
 *
 * <h2>Threading</h2>
 * Only the writer thread calls {@link #run}. The queue is unbounded, so the writer never waits for this
 * thread; this thread may wait for the writer (a callback appending to a full ring), never the other
 * way round, so they cannot deadlock. Callbacks of the WAL's futures run on this thread and must not
 * block on the WAL (closing it included). {@link #close} runs what was handed over, then stops.
 */
final class Completions implements AutoCloseable {

    private final ExecutorService thread;

    Completions(ThreadFactory factory) {
        this.thread = Executors.newSingleThreadExecutor(factory);
    }

    /** Writer thread: runs {@code completion} after every completion handed over before it. */
    void run(Runnable completion) {
        thread.execute(completion);
    }

    /** Runs every completion handed over, then stops the thread; called once the writer has stopped. */
    @Override
    public void close() {
        thread.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (thread.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
