package io.chronik.core.node;

import io.chronik.api.ChronikException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code <data.dir>/node.status} ({@link NodeStatus} has the format) current while the node
 * runs, for {@code bin/chronik status} and {@code bin/chronik-cluster status}: written when the node
 * has started, checked every {@link #REFRESH_INTERVAL} and rewritten only when it changed (a new role,
 * term or leader), deleted when the node stops. Each write goes to {@code node.status.tmp} and is
 * renamed over the file, so a reader sees the old or the new status, never half of one. The file is
 * not forced: after a crash a stale one may remain, which is why scripts also check that its process
 * runs.
 *
 * <p>Threading: {@link #start} writes on the caller's thread, later refreshes run on one daemon thread
 * of the given factory ({@link #refresh} is synchronized, so a test may also call it); {@link #close} stops that thread, waits for a refresh in progress, then deletes
 * the file. A failed refresh is logged and retried at the next interval; it never stops the node.
 */
final class StatusFile implements AutoCloseable {

    /** The file's name inside the data directory. */
    static final String FILE_NAME = "node.status";

    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(StatusFile.class);

    private final Path file;
    private final Path tmp;
    private final Supplier<NodeStatus> status;
    private final ScheduledExecutorService refresher;
    /** What the file holds now; touched only by {@link #start} and then the refresher thread. */
    private Optional<NodeStatus> written = Optional.empty();
    private boolean failing;

    private StatusFile(Path dataDir, Supplier<NodeStatus> status, ThreadFactory threads) {
        this.file = dataDir.resolve(FILE_NAME);
        this.tmp = dataDir.resolve(FILE_NAME + ".tmp");
        this.status = status;
        this.refresher = new ScheduledThreadPoolExecutor(1, threads);
    }

    /**
     * Writes the status file into {@code dataDir} and keeps it current.
     *
     * @throws ChronikException if the first write fails (the data directory is not writable)
     */
    static StatusFile start(Path dataDir, Supplier<NodeStatus> status, ThreadFactory threads) {
        StatusFile statusFile = new StatusFile(dataDir, status, threads);
        try {
            statusFile.write(status.get());
        } catch (IOException e) {
            statusFile.refresher.shutdownNow();
            throw new ChronikException("cannot write " + statusFile.file + ": " + e, e);
        }
        long interval = REFRESH_INTERVAL.toMillis();
        statusFile.refresher.scheduleWithFixedDelay(statusFile::refresh, interval, interval, TimeUnit.MILLISECONDS);
        return statusFile;
    }

    /** The file's path. */
    Path path() {
        return file;
    }

    /** Rewrites the file if the status changed since the last write. */
    synchronized void refresh() {
        try {
            NodeStatus now = status.get();
            if (written.filter(now::equals).isEmpty()) {
                write(now);
            }
            if (failing) {
                LOG.info("writing {} works again", file);
                failing = false;
            }
        } catch (IOException | RuntimeException e) {
            // Logged once per streak of failures: a full disk would otherwise log every second.
            if (!failing) {
                LOG.warn("cannot update {}, retrying every {} ms: {}", file, REFRESH_INTERVAL.toMillis(), e.toString());
                failing = true;
            }
        }
    }

    private void write(NodeStatus now) throws IOException {
        Files.writeString(tmp, now.render(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        written = Optional.of(now);
    }

    /** Stops refreshing and deletes the file. */
    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            if (!refresher.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("the status refresher did not stop within 5 s; deleting {} anyway", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
    }
}
