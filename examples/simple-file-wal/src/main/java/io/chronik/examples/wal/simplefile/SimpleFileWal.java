package io.chronik.examples.wal.simplefile;

import io.chronik.spi.PluginException;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalContext;
import io.chronik.spi.wal.WalException;
import io.chronik.spi.wal.WalLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A WAL that keeps each log in one file, {@code <directory>/logs/<name>}, in the format of
 * {@link RecordCodec}. {@code <directory>/staging/} holds the copy {@link WalLog#deleteBefore} writes
 * before renaming it over the log; leftovers there are removed at start.
 *
 * <h2>Threading</h2>
 * One writer thread, from {@link WalContext#threads}, runs every change of every log in call order
 * (appends, truncations, deletions, and the periodic force of the {@code interval} policy). Readers
 * run on the caller's thread. Files are opened only through {@link WalContext#files()}.
 *
 * <h2>Failure</h2>
 * An I/O error on the writer fails the whole WAL for good: it is reported through
 * {@link WalContext#faults()}, the operation and everything queued behind it fail with
 * {@link WalException}, later appends fail at once, and nothing is forced again, not even on close.
 */
final class SimpleFileWal implements Wal {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    private static final long CLOSE_WAIT_SECONDS = 60;

    /** Work for the writer thread. */
    @FunctionalInterface
    interface WriterTask<T> {
        T run() throws IOException;
    }

    private final WalConfig config;
    private final WalContext context;
    private final Path logs;
    private final Path staging;
    private final ScheduledExecutorService writer;
    private final Map<String, SimpleFileLog> open = new HashMap<>();
    private volatile boolean failed;
    private volatile boolean closed;

    private SimpleFileWal(WalConfig config, WalContext context, Path logs, Path staging) {
        this.config = config;
        this.context = context;
        this.logs = logs;
        this.staging = staging;
        this.writer = Executors.newSingleThreadScheduledExecutor(context.threads("simple-file-wal-writer"));
    }

    static SimpleFileWal start(WalConfig config, WalContext context) {
        Path logs = config.directory().resolve("logs");
        Path staging = config.directory().resolve("staging");
        try {
            Files.createDirectories(logs);
            Files.createDirectories(staging);
            try (Stream<Path> leftovers = Files.list(staging)) {
                for (Path leftover : leftovers.toList()) {
                    Files.delete(leftover);
                }
            }
        } catch (IOException e) {
            throw new PluginException("simple-file WAL cannot prepare " + config.directory() + ": " + e, e);
        }
        SimpleFileWal wal = new SimpleFileWal(config, context, logs, staging);
        if (config.flushPolicy() instanceof FlushPolicy.Interval interval) {
            wal.writer.scheduleWithFixedDelay(wal::forceDirtyLogs, interval.intervalMs(), interval.intervalMs(),
                    TimeUnit.MILLISECONDS);
        }
        return wal;
    }

    @Override
    public synchronized WalLog open(String name) {
        requireValid(name);
        if (closed) {
            throw new WalException("WAL is closed; cannot open log " + name);
        }
        SimpleFileLog existing = open.get(name);
        if (existing != null) {
            return existing;
        }
        Path path = logs.resolve(name);
        boolean created = !Files.exists(path);
        LogFile file = null;
        try {
            file = openFile(path);
            SimpleFileLog log = new SimpleFileLog(name, this, file, LogRecovery.recover(file));
            if (created) {
                syncDirectory(logs);
            }
            open.put(name, log);
            return log;
        } catch (IOException | RuntimeException e) {
            closeQuietly(file, e);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new WalException("cannot open log " + name + " at " + path + ": " + e, e);
        }
    }

    @Override
    public Set<String> logNames() {
        try (Stream<Path> files = Files.list(logs)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new WalException("cannot list " + logs + ": " + e, e);
        }
    }

    @Override
    public void delete(String name) {
        requireValid(name);
        SimpleFileLog log;
        synchronized (this) {
            log = open.remove(name);
        }
        WriterTask<Void> deletion = () -> {
            if (log != null) {
                log.closeFile();
            }
            Files.deleteIfExists(logs.resolve(name));
            return null;
        };
        try {
            // On the writer, so appends queued before the delete finish (or fail) before the file goes.
            onWriter(name, "delete", deletion).join();
        } catch (CompletionException e) {
            if (!closed) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            runAfterClose(deletion, name);
        }
    }

    @Override
    public boolean failed() {
        return failed;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new WalException("simple-file WAL writer did not finish within " + CLOSE_WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalException("interrupted while closing the simple-file WAL", e);
        }
        List<SimpleFileLog> logsToClose;
        synchronized (this) {
            logsToClose = new ArrayList<>(open.values());
            open.clear();
        }
        for (SimpleFileLog log : logsToClose) {
            runAfterClose(() -> {
                if (!failed) {
                    log.forceIfDirty();
                }
                log.closeFile();
                return null;
            }, log.name());
        }
    }

    /**
     * Queues {@code task}, an {@code operation} on log {@code name}, for the writer thread; the future
     * fails at once if the WAL is closed or failed, and the task fails if the WAL failed while it was
     * queued.
     */
    <T> CompletableFuture<T> onWriter(String name, String operation, WriterTask<T> task) {
        String what = operation + " on log " + name;
        CompletableFuture<T> result = new CompletableFuture<>();
        if (failed) {
            return CompletableFuture.failedFuture(new WalException("WAL failed earlier; " + what + " refused"));
        }
        try {
            writer.execute(() -> {
                if (failed) {
                    result.completeExceptionally(new WalException("WAL failed earlier; " + what + " refused"));
                    return;
                }
                try {
                    result.complete(task.run());
                } catch (IOException e) {
                    fail(what, e);
                    result.completeExceptionally(new WalException(what + " failed: " + e, e));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new WalException("WAL is closed; " + what + " refused"));
        }
        return result;
    }

    /** The interval policy's periodic force; writer thread. */
    private void forceDirtyLogs() {
        if (failed) {
            return;
        }
        List<SimpleFileLog> logsToForce;
        synchronized (this) {
            logsToForce = new ArrayList<>(open.values());
        }
        for (SimpleFileLog log : logsToForce) {
            try {
                log.forceIfDirty();
            } catch (IOException e) {
                fail("force of log " + log.name(), e);
                return;
            }
        }
    }

    private void runAfterClose(WriterTask<Void> task, String name) {
        try {
            task.run();
        } catch (IOException e) {
            fail("close of log " + name, e);
            throw new WalException("cannot close log " + name + ": " + e, e);
        }
    }

    private void fail(String what, IOException cause) {
        failed = true;
        context.faults().reportFault("wal/simple-file/" + what, cause);
    }

    /** Makes a new directory entry durable: without it a new log file could vanish in a crash. */
    private void syncDirectory(Path directory) throws IOException {
        try (var channel = context.files().open(directory, Set.of(StandardOpenOption.READ))) {
            channel.force(true);
        }
    }

    LogFile openFile(Path path) throws IOException {
        return LogFile.open(context.files(), path);
    }

    Path stagingPath(String name) {
        return staging.resolve(name);
    }

    int maxRecordBytes() {
        return config.maxRecordBytes();
    }

    FlushPolicy flushPolicy() {
        return config.flushPolicy();
    }

    private static void requireValid(String name) {
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("bad log name '" + name
                    + "': 1-255 characters of [A-Za-z0-9._-], not . or ..");
        }
    }

    private static void closeQuietly(LogFile file, Exception failure) {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
