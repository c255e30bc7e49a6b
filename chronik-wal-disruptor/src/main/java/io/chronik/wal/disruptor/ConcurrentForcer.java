package io.chronik.wal.disruptor;

import io.chronik.spi.Time;
import io.chronik.wal.disruptor.WalMeters.FsyncReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Forces segment files and times each force. {@link #forceAll} forces a group commit's dirty files
 * concurrently: the writer thread forces the first file itself while a fixed pool of
 * {@code wal.disruptor.fsync.threads - 1} threads forces the others, so a batch touching M logs waits
 * for about the slowest force instead of the sum of M forces. With one thread there is no pool and
 * files are forced one after another, stopping at the first failure.
 *
 * <h2>Threading</h2>
 * Only the writer thread calls {@link #force}, {@link #forceAll} and {@link #close}; the pool threads
 * only run the forces {@link #forceAll} hands them. {@link #forceAll} returns (or throws) only once every
 * force it started has returned, so no force is in flight once the writer goes on, acknowledges records
 * or fails the WAL. Each force records its own latency and reason in the (thread-safe) {@link WalMeters}.
 */
final class ConcurrentForcer implements AutoCloseable {

    private final Time time;
    private final WalMeters meters;
    private final Optional<ExecutorService> pool;

    /** @param threads forces in flight at most, the writer thread included (1 = serial, no pool) */
    ConcurrentForcer(int threads, ThreadFactory factory, Time time, WalMeters meters) {
        this.time = time;
        this.meters = meters;
        this.pool = threads > 1 ? Optional.of(Executors.newFixedThreadPool(threads - 1, factory)) : Optional.empty();
    }

    /** Forces one file on the calling thread. */
    void force(SegmentFile file, FsyncReason reason) throws IOException {
        long start = time.nanoseconds();
        file.force();
        meters.forced(reason, time.nanoseconds() - start);
    }

    /**
     * Forces every file once, concurrently when there is a pool, and returns once all forces returned.
     *
     * @throws IOException the first failure (later ones suppressed), thrown only after every started
     *         force returned; no failed force is retried
     */
    void forceAll(Collection<SegmentFile> files, FsyncReason reason) throws IOException {
        if (pool.isEmpty() || files.size() < 2) {
            for (SegmentFile file : files) {
                force(file, reason);
            }
            return;
        }
        Iterator<SegmentFile> each = files.iterator();
        SegmentFile first = each.next();
        List<Future<Void>> others = new ArrayList<>(files.size() - 1);
        while (each.hasNext()) {
            SegmentFile file = each.next();
            others.add(pool.get().submit(() -> {
                force(file, reason);
                return null;
            }));
        }
        Throwable failure = null;
        try {
            force(first, reason);
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        for (Future<Void> other : others) {
            try {
                awaitUninterruptibly(other);
            } catch (ExecutionException e) {
                failure = firstOf(failure, e.getCause());
            }
        }
        if (failure instanceof IOException io) {
            throw io;
        } else if (failure instanceof RuntimeException runtime) {
            throw runtime;
        } else if (failure instanceof Error error) {
            throw error;
        }
    }

    /** Stops the pool; called once the writer thread stopped, so no force is in flight. */
    @Override
    public void close() {
        pool.ifPresent(ExecutorService::shutdown);
    }

    private static Throwable firstOf(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** Waits for a force even if interrupted: the writer must never go on while a force is in flight. */
    private static void awaitUninterruptibly(Future<Void> future) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    future.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
