package io.chronik.spi.wal;

import java.util.Set;

/**
 * A node's write-ahead log: a set of independent, named logs ({@link WalLog}) under one directory,
 * sharing one durability mechanism. A node opens one log per Kafka partition, so an implementation
 * must hold thousands of open logs without a thread or timer per log.
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread. {@link #open} and {@link #delete} of the same name must
 * not race with each other (the host serialises them per name).
 *
 * <h2>Failure</h2>
 * A failed write or fsync makes the whole WAL failed (fail-stop): it reports the fault through
 * {@link WalContext#faults()}, completes every pending and later append exceptionally with
 * {@link WalException}, and never retries an fsync.
 */
public interface Wal extends AutoCloseable {

    /**
     * Opens the log called {@code name}, creating it if it does not exist, and recovers it: a torn or
     * corrupt tail is truncated and reported in {@link WalLog#recovery()}; a corrupt record followed by
     * valid ones fails the open with {@link WalCorruptionException}. Opening a log that is already
     * open returns the same instance.
     *
     * @param name 1–255 characters of {@code [A-Za-z0-9._-]}, not {@code .} or {@code ..}
     */
    WalLog open(String name);

    /** The names of every log stored in this WAL, open or not. */
    Set<String> logNames();

    /** Closes (if open) and removes the log and all its files. Does nothing if there is no such log. */
    void delete(String name);

    /** Whether the WAL has failed (fail-stop); once true, it stays true. */
    boolean failed();

    /**
     * Stops accepting appends, makes everything accepted durable (unless failed), completes every
     * future and releases files and threads. Idempotent.
     */
    @Override
    void close();
}
