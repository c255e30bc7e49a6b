package io.chronik.wal.disruptor;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutBlockingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalContext;
import io.chronik.spi.wal.WalException;
import io.chronik.spi.wal.WalLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code disruptor} WAL: every log lives in {@code <directory>/<log name>/} as segment files, and
 * every change to any log travels through one multi-producer Disruptor ring to one
 * {@link WriterHandler} thread (from {@code context.threads("wal-writer")}), which group-commits. A node
 * with thousands of logs still has one writer thread and no timers; a small fixed pool of
 * {@code wal-fsync} threads ({@link ConcurrentForcer}) lets that writer force a batch's files concurrently,
 * and one {@code wal-ack} thread ({@link Completions}) completes the futures, so callbacks never run on
 * the writer.
 *
 * <h2>Threading</h2>
 * Any thread may call anything. {@link #open} recovers a log on the calling thread before publishing it;
 * opens of one name are serialised by the map of open logs. Publishing to the ring and {@link #close}
 * are ordered by a read-write lock, so no command is published after the writer stopped, and
 * {@link #close} returns only once every accepted command's future completed.
 */
final class DisruptorWal implements Wal {

    private static final Logger LOG = LoggerFactory.getLogger(DisruptorWal.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    private static final EventTranslatorOneArg<WriterCommand.Slot, WriterCommand> PUBLISH =
            (slot, sequence, command) -> slot.set(command);

    private final WalConfig config;
    private final WalContext context;
    private final WriterSettings settings;
    private final WalMeters meters;
    private final ConcurrentForcer forcer;
    private final Completions completions;
    private final WriterHandler writer;
    private final Disruptor<WriterCommand.Slot> disruptor;
    private final RingBuffer<WriterCommand.Slot> ring;
    private final ConcurrentHashMap<String, DiskLog> logs = new ConcurrentHashMap<>();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private volatile Throwable failure;

    DisruptorWal(WalConfig config, WalContext context, WriterSettings settings) {
        this.config = config;
        this.context = context;
        this.settings = settings;
        this.meters = new WalMeters(context.meters());
        try {
            Directories.create(context.files(), config.directory());
        } catch (IOException e) {
            throw new WalException("cannot create the WAL directory " + config.directory(), e);
        }
        if (config.flushPolicy() instanceof FlushPolicy.None) {
            LOG.warn("wal.flush.policy=none: the WAL never forces its files; acknowledged writes can be lost in a "
                    + "power failure or OS crash. UNSAFE, for benchmarks only");
        }
        this.forcer = new ConcurrentForcer(settings.fsyncThreads(), context.threads("wal-fsync"), context.time(), meters);
        this.completions = new Completions(context.threads("wal-ack"));
        this.writer = new WriterHandler(config, settings, context.files(), context.time(), meters, forcer,
                completions, this::failed);
        WaitStrategy wait = config.flushPolicy() instanceof FlushPolicy.Interval interval
                ? new TimeoutBlockingWaitStrategy(interval.intervalMs(), TimeUnit.MILLISECONDS)
                : new BlockingWaitStrategy();
        this.disruptor = new Disruptor<>(WriterCommand.Slot::new, settings.ringSize(), context.threads("wal-writer"),
                ProducerType.MULTI, wait);
        disruptor.handleEventsWith(writer);
        this.ring = disruptor.start();
        LOG.info("WAL open in {}: flush policy {}, segments of {} bytes, {}", config.directory(),
                config.flushPolicy(), config.segmentBytes(), settings);
    }

    @Override
    public WalLog open(String name) {
        checkName(name);
        if (closed) {
            throw new WalException("WAL is closed");
        }
        DiskLog log = logs.computeIfAbsent(name, this::load);
        if (closed && logs.remove(name, log)) {
            // raced with close(), which may already have closed the other logs: do not leak this one
            try {
                log.close();
            } catch (IOException e) {
                LOG.warn("closing {} failed", log, e);
            }
            throw new WalException("WAL is closed");
        }
        return log;
    }

    private DiskLog load(String name) {
        Path directory = config.directory().resolve(name);
        try {
            Directories.create(context.files(), directory);
            LogRecovery.Recovered recovered = LogRecovery.recover(context.files(), directory, config.maxRecordBytes(),
                    settings.indexIntervalBytes(), settings.sizing(config.segmentBytes()));
            recovered.report().reason().ifPresent(reason -> {
                LOG.warn("log {}: recovery cut {} bytes after offset {}: {}", name, recovered.report().bytesTruncated(),
                        recovered.report().truncatedFromOffset().map(String::valueOf).orElse("(none)"), reason);
                meters.recoveryTruncated();
            });
            return new DiskLog(name, directory, this, recovered.segments(), recovered.report());
        } catch (IOException e) {
            throw new WalException("cannot open log " + name + " in " + directory, e);
        }
    }

    @Override
    public Set<String> logNames() {
        try (Stream<Path> children = Files.list(config.directory())) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new WalException("cannot list the logs in " + config.directory(), e);
        }
    }

    @Override
    public void delete(String name) {
        checkName(name);
        DiskLog log = logs.remove(name);
        if (log != null) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            submit(new WriterCommand.DeleteLog(log, done));
            try {
                done.join();
            } catch (CompletionException e) {
                throw new WalException("cannot delete log " + name, e.getCause());
            }
            return;
        }
        Path directory = config.directory().resolve(name);
        try {
            if (Files.isDirectory(directory)) {
                Directories.deleteLogDirectory(directory);
                Directories.force(context.files(), config.directory());
            }
        } catch (IOException e) {
            throw new WalException("cannot delete log " + name + " in " + directory, e);
        }
    }

    @Override
    public boolean failed() {
        return failure != null;
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        disruptor.shutdown();
        try {
            writer.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalException("interrupted while closing the WAL", e);
        }
        forcer.close();
        completions.close();
        for (DiskLog log : logs.values()) {
            try {
                log.close();
            } catch (IOException e) {
                LOG.warn("closing {} failed", log, e);
            }
        }
        logs.clear();
        LOG.info("WAL in {} closed{}", config.directory(), failed() ? " (failed)" : "");
    }

    int maxRecordBytes() {
        return config.maxRecordBytes();
    }

    /**
     * Hands a command to the writer thread, or fails it at once if the WAL is closed or failed. An
     * append's data is copied before this returns (into its ring slot, or a buffer of its own).
     */
    void submit(WriterCommand command) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                command.fail(new WalException("WAL is closed"));
            } else if (failure != null) {
                command.fail(new WalException("WAL failed after an I/O error: " + failure, failure));
            } else {
                ring.publishEvent(PUBLISH, command);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Called once by the writer thread when the WAL fails. */
    private void failed(Throwable cause) {
        failure = cause;
        context.faults().reportFault("wal", cause);
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid log name '" + name
                    + "': expected 1-255 characters of [A-Za-z0-9._-], not . or ..");
        }
    }
}
