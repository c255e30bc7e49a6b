package io.chronik.wal.disruptor;

import com.lmax.disruptor.EventHandler;
import io.chronik.spi.Time;
import io.chronik.spi.wal.FileChannels;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalException;
import io.chronik.wal.disruptor.WalMeters.FsyncReason;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WAL's one writer thread: the only consumer of the Disruptor ring, for every log.
 *
 * <h2>Group commit</h2>
 * {@link #onEvent} writes each append at once (through the {@link StagingBuffer}), remembers the file as
 * dirty and the record as pending. When the Disruptor says the batch ended ({@code endOfBatch}), or
 * earlier when {@code max.batch.bytes} are pending or the oldest pending record waited
 * {@code max.batch.delay.ms}, it commits: forces each dirty file once (and each log directory that
 * gained a segment file), makes every pending record visible, and hands their futures to
 * {@link Completions}, which completes them in append order on the {@code wal-ack} thread while this
 * thread goes on to the next batch. So N appenders on M logs cost at most M forces per batch, no record
 * is visible and no future completes before the force that covers its record, and a record is visible
 * by the time its future completes.
 *
 * <h2>Threading</h2>
 * Everything here runs on the writer thread, except the forces of a commit's dirty files and the
 * completion of futures (every future, appends' and the others', is completed through
 * {@link Completions}, so they all complete in the order their commands were handled): the
 * {@link ConcurrentForcer} runs them concurrently, the first on this thread and the others on its pool
 * of {@code wal.disruptor.fsync.threads - 1} {@code wal-fsync} threads (none with 1: serial forces), and
 * returns only once every one of them returned. Directories are forced after the files, still before
 * any future completes, so a batch costs about its slowest file force rather than the sum of them.
 * Rotation's force of a full segment and maintenance's forces stay on this thread.
 *
 * <h2>A lone synchronous appender</h2>
 * One appender that waits for each future makes every batch one record long, and pays for exactly one
 * write and one force of its segment per append: {@code max.batch.delay.ms} only cuts a long batch
 * early and never holds a commit back, a log directory is forced only when it gains a segment, and a
 * batch forces each dirty file once. What it pays beyond the force is three thread hand-offs (waking
 * this thread through the ring, waking the {@code wal-ack} thread, which wakes the appender): each
 * some tens of microseconds on a shared 2-core VM, more when its CPUs are oversubscribed. Segment files are
 * preallocated ({@link SegmentFile}), so such a force overwrites blocks the file owns and commits no
 * size change through the file system journal, as the disk's raw overwrite-fsync does; without
 * preallocation its rate would be that of append-plus-fsync (the naive baseline of
 * {@code chronik-bench}), well below that. (A pre-merge benchmark that showed this WAL at ~416
 * appends/s in one JMH mode and ~0.5 ms per append in the other was measuring the shared disk twice:
 * rerunning the same mode 16 s apart gave 556 and 4,318 appends/s.)
 *
 * <h2>Flush policies</h2>
 * {@code batch} as above. {@code interval:<ms>}: a commit completes futures after the write, and dirty
 * files are forced when the interval elapsed, at the end of a batch or on the ring's wait timeout (the
 * ring waits at most one interval). {@code none}: never forces (a segment is not even forced before
 * rolling); benchmarks only.
 *
 * <h2>Ordering</h2>
 * Truncations, deletions of old segments and log deletions commit everything pending first, then run
 * {@link LogMaintenance}, so they take effect exactly between the appends called before and after them.
 *
 * <h2>Commands from callbacks</h2>
 * Callbacks run on the {@code wal-ack} thread, never on this one, so a callback that appends publishes
 * to the ring like any caller; if the ring is full it waits for this thread, which never waits for it.
 *
 * <h2>Fail-stop</h2>
 * Any failed write or force fails the WAL for good: the fault is reported, every pending future and the
 * current command fail, staged bytes are dropped, and every later command fails at once. A force is
 * never retried: after a failed {@code fsync} the kernel may have dropped the dirty pages, so a retry
 * that succeeds would prove nothing. When one of a commit's concurrent forces fails, the WAL fails only
 * after the others returned, so no force is in flight once it reports failed, and none starts after.
 */
final class WriterHandler implements EventHandler<WriterCommand.Slot> {

    private static final Logger LOG = LoggerFactory.getLogger(WriterHandler.class);

    /** A record written (or staged) but not yet acknowledged. */
    private record Pending(DiskLog log, Segment segment, long offset, long position, long recordBytes,
                           CompletableFuture<Long> future) {
    }

    private final WalConfig config;
    private final WriterSettings settings;
    private final FileChannels files;
    private final Time time;
    private final WalMeters meters;
    private final ConcurrentForcer forcer;
    private final Consumer<Throwable> onFailure;
    private final StagingBuffer staging;
    private final LogMaintenance maintenance;
    private final Set<SegmentFile> dirty = new LinkedHashSet<>();
    /** Log directories with a new segment file whose entry is not forced yet. */
    private final Set<Path> dirtyDirectories = new LinkedHashSet<>();
    private final Completions completions;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long intervalNanos;
    /** Records written since the last commit; handed to {@link #completions} whole, then replaced. */
    private List<Pending> pending = new ArrayList<>();
    private long pendingBytes;
    private long oldestPendingNanos;
    private long lastForceNanos;
    private Throwable failure;

    /** @param onFailure told once, on this thread, when the WAL fails */
    WriterHandler(WalConfig config, WriterSettings settings, FileChannels files, Time time, WalMeters meters,
                  ConcurrentForcer forcer, Completions completions, Consumer<Throwable> onFailure) {
        this.config = config;
        this.settings = settings;
        this.files = files;
        this.time = time;
        this.meters = meters;
        this.forcer = forcer;
        this.completions = completions;
        this.onFailure = onFailure;
        this.staging = new StagingBuffer(settings.writeBufferBytes());
        this.maintenance = new LogMaintenance(new Durability());
        this.intervalNanos = config.flushPolicy() instanceof FlushPolicy.Interval interval
                ? TimeUnit.MILLISECONDS.toNanos(interval.intervalMs()) : Long.MAX_VALUE;
    }

    @Override
    public void onEvent(WriterCommand.Slot slot, long sequence, boolean endOfBatch) {
        WriterCommand command = slot.take();
        if (failure != null) {
            fail(command, failedException());
            return;
        }
        try {
            handle(command);
            if (pendingBytes >= settings.maxBatchBytes()) {
                commit(FsyncReason.MAX_BYTES);
            } else if (!pending.isEmpty() && time.nanoseconds() - oldestPendingNanos >= settings.maxBatchDelayNanos()) {
                commit(FsyncReason.MAX_DELAY);
            }
            if (endOfBatch) {
                commit(FsyncReason.END_OF_BATCH);
                forceIfIntervalElapsed();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
            fail(command, failedException());
        }
    }

    @Override
    public void onTimeout(long sequence) {
        if (failure == null) {
            try {
                forceIfIntervalElapsed();
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }
    }

    @Override
    public void onShutdown() {
        try {
            if (failure == null) {
                commit(FsyncReason.CLOSE);
                if (config.flushPolicy() instanceof FlushPolicy.Interval) {
                    forceDirty(FsyncReason.CLOSE);
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        } finally {
            stopped.countDown();
        }
    }

    /** Waits until the writer thread has finished its last batch. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    private void handle(WriterCommand command) throws IOException {
        if (command.log().closed()) {
            fail(command, new WalException(command.log() + " is closed"));
        } else if (command instanceof WriterCommand.Append append) {
            append(append);
        } else {
            commit(FsyncReason.ORDERING);
            if (command instanceof WriterCommand.TruncateAfter truncate) {
                maintenance.truncateAfter(truncate.log(), truncate.offset());
                completions.run(() -> truncate.future().complete(null));
            } else if (command instanceof WriterCommand.DeleteBefore delete) {
                OptionalLong first = maintenance.deleteBefore(delete.log(), delete.offset());
                completions.run(() -> delete.future().complete(first));
            } else if (command instanceof WriterCommand.DeleteLog delete) {
                maintenance.deleteLog(delete.log());
                completions.run(() -> delete.future().complete(null));
            }
        }
    }

    private void append(WriterCommand.Append append) throws IOException {
        DiskLog log = append.log();
        if (append.offset() <= log.lastWritten()) {
            fail(append, new WalException(log + ": offset " + append.offset()
                    + " is not greater than the last offset " + log.lastWritten()));
            return;
        }
        long recordBytes = (long) RecordCodec.HEADER_LENGTH + append.data().remaining();
        Segment segment = segmentFor(log, append.offset(), recordBytes);
        long position = segment.end();
        staging.add(segment.file(), append.offset(), append.data());
        segment.advance(recordBytes);
        log.lastWritten(append.offset());
        if (pending.isEmpty()) {
            oldestPendingNanos = time.nanoseconds();
        }
        pending.add(new Pending(log, segment, append.offset(), position, recordBytes, append.future()));
        pendingBytes += recordBytes;
        if (forces()) {
            dirty.add(segment.file());
        }
    }

    /**
     * The segment the record goes to: the last one, or a new one if the record would take the last one past
     * {@code segmentBytes}. A segment holds at least one record, so one record close to
     * {@code wal.max.record.bytes} (at most {@code segmentBytes}) may make its segment exceed
     * {@code segmentBytes} by the headers.
     */
    private Segment segmentFor(DiskLog log, long offset, long recordBytes) throws IOException {
        Map.Entry<Long, Segment> last = log.segments().lastEntry();
        if (last != null && (!last.getValue().hasRecords()
                || last.getValue().end() + recordBytes <= config.segmentBytes())) {
            return last.getValue();
        }
        if (last != null) {
            // A segment is complete on disk, cut to its last record, before the next exists, so recovery
            // may trust every segment but the last one to end cleanly, without preallocated zeros.
            staging.drain();
            SegmentFile full = last.getValue().file();
            boolean trimmed = full.trimToRecords();
            boolean wasDirty = dirty.remove(full);
            if (forces() && (wasDirty || trimmed)) {
                forcer.force(full, FsyncReason.ROTATION);
            }
        }
        SegmentFile file = SegmentFile.create(files, log.directory(), offset, config.segmentBytes(),
                settings.preallocateBytes());
        if (forces()) {
            dirtyDirectories.add(log.directory()); // forced with the files, before any record in it is acknowledged
        }
        Segment segment = new Segment(offset, file, new SparseIndex(settings.indexIntervalBytes()), file.size(),
                Segment.NO_OFFSET);
        log.segments().put(offset, segment);
        return segment;
    }

    /**
     * Writes what is staged, forces dirty files if the policy says so, makes pending records visible and
     * hands their futures to {@link #completions}.
     */
    private void commit(FsyncReason reason) throws IOException {
        if (failure != null) {
            return;
        }
        staging.drain();
        if (config.flushPolicy() instanceof FlushPolicy.Batch) {
            forceDirty(reason);
        }
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> durable = pending;
        pending = new ArrayList<>(durable.size());
        long records = durable.size();
        long dataBytes = pendingBytes - records * RecordCodec.HEADER_LENGTH;
        meters.acknowledged(records, dataBytes);
        pendingBytes = 0;
        for (Pending p : durable) {
            p.segment().publish(p.offset(), p.position(), p.recordBytes());
            p.log().publishLast(p.offset());
        }
        completions.run(() -> {
            for (Pending p : durable) {
                p.future().complete(p.offset());
            }
        });
    }

    /** Fails one command's future, after every completion handed over before it. */
    private void fail(WriterCommand command, WalException cause) {
        completions.run(() -> command.fail(cause));
    }

    private void forceIfIntervalElapsed() throws IOException {
        if ((!dirty.isEmpty() || !dirtyDirectories.isEmpty()) && time.nanoseconds() - lastForceNanos >= intervalNanos) {
            forceDirty(FsyncReason.INTERVAL);
        }
    }

    private void forceDirty(FsyncReason reason) throws IOException {
        forcer.forceAll(dirty, reason);
        dirty.clear();
        for (Path directory : dirtyDirectories) {
            forceDirectory(directory);
        }
        dirtyDirectories.clear();
        lastForceNanos = time.nanoseconds();
    }

    private void forceDirectory(Path directory) throws IOException {
        if (forces()) {
            long start = time.nanoseconds();
            Directories.force(files, directory);
            meters.forced(FsyncReason.DIRECTORY, time.nanoseconds() - start);
        }
    }

    private boolean forces() {
        return !(config.flushPolicy() instanceof FlushPolicy.None);
    }

    private void fail(Throwable cause) {
        failure = cause;
        LOG.error("WAL failed (fail-stop): {} pending appends fail and every later operation fails; no fsync "
                + "will be retried", pending.size(), cause);
        onFailure.accept(cause);
        WalException failed = failedException();
        List<Pending> lost = pending;
        pending = new ArrayList<>();
        completions.run(() -> lost.forEach(p -> p.future().completeExceptionally(failed)));
        pendingBytes = 0;
        dirty.clear();
        dirtyDirectories.clear();
        staging.discard();
    }

    private WalException failedException() {
        return new WalException("WAL failed after an I/O error: " + failure, failure);
    }

    /** Maintenance's view of the writer. */
    private final class Durability implements LogMaintenance.Durability {
        @Override
        public void force(SegmentFile file, FsyncReason reason) throws IOException {
            if (forces()) {
                dirty.remove(file);
                forcer.force(file, reason);
            }
        }

        @Override
        public void forceDirectory(Path directory) throws IOException {
            WriterHandler.this.forceDirectory(directory);
        }

        @Override
        public void forget(SegmentFile file) {
            dirty.remove(file);
        }

        @Override
        public void forgetDirectory(Path directory) {
            dirtyDirectories.remove(directory);
        }
    }
}
