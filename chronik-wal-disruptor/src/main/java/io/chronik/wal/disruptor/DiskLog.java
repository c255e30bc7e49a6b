package io.chronik.wal.disruptor;

import io.chronik.spi.wal.RecoveryReport;
import io.chronik.spi.wal.WalException;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import io.chronik.spi.wal.WalSpan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One log of the {@link DisruptorWal}: its segments, what readers may see, and the {@link WalLog} calls.
 *
 * <h2>Threading</h2>
 * Mutations never happen on the calling thread: {@link #append}, {@link #truncateAfter} and
 * {@link #deleteBefore} publish a {@link WriterCommand} to the WAL's ring and return its future. The
 * writer thread alone appends to segment files, publishes visibility (volatile {@link #lastOffset()}
 * and per-segment visible ends) when it completes futures, and changes the segment set. Reads take the
 * read lock; the writer takes the write lock only to remove or cut segments, so appends never wait
 * for readers and readers never see a segment closed under them.
 */
final class DiskLog implements WalLog {

    private final String name;
    private final Path directory;
    private final DisruptorWal wal;
    private final RecoveryReport recovery;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile long lastVisible;
    private volatile boolean closed;
    /** Writer thread: the offset of the last record written (visible or not), for the increasing check. */
    private long lastWritten;

    DiskLog(String name, Path directory, DisruptorWal wal, List<Segment> recovered, RecoveryReport recovery) {
        this.name = name;
        this.directory = directory;
        this.wal = wal;
        this.recovery = recovery;
        recovered.forEach(s -> segments.put(s.baseOffset(), s));
        this.lastVisible = recovered.isEmpty() ? Segment.NO_OFFSET : recovered.get(recovered.size() - 1).lastOffset();
        this.lastWritten = lastVisible;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<Long> append(long offset, ByteBuffer data) {
        if (offset < 0) {
            return CompletableFuture.failedFuture(new WalException("log " + name + ": offset must be >= 0, got " + offset));
        }
        if (data.remaining() > wal.maxRecordBytes()) {
            return CompletableFuture.failedFuture(new WalException("log " + name + ": record of " + data.remaining()
                    + " bytes exceeds the maximum of " + wal.maxRecordBytes() + " (wal.max.record.bytes)"));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new WalException("log " + name + " is closed"));
        }
        CompletableFuture<Long> future = new CompletableFuture<>();
        // the WAL copies the data while submitting it (into the ring slot, or a copy of its own)
        wal.submit(new WriterCommand.Append(this, offset, data, future));
        return future;
    }

    @Override
    public List<WalRecord> read(long fromOffset, int maxBytes) {
        return underReadLock(fromOffset, () -> LogReader.read(segments, lastVisible, fromOffset, maxBytes));
    }

    /**
     * The same records as {@link #read}, as regions of the segment files ({@link SpanReader}). A region
     * works until its segment is deleted ({@link #deleteBefore}, a {@link #truncateAfter} that removes
     * the whole segment, the log's deletion) or the WAL is closed, and then fails to send with
     * {@link java.nio.channels.ClosedChannelException}; after a {@link #truncateAfter} that cuts its
     * segment, a region past the cut fails with an end of file or sends whatever lies there by then.
     * Sending one never affects the WAL itself, even if the sending thread is interrupted (see
     * {@link SegmentFile}).
     */
    @Override
    public List<WalSpan> readSpans(long fromOffset, int maxBytes) {
        return underReadLock(fromOffset, () -> SpanReader.read(segments, lastVisible, fromOffset, maxBytes));
    }

    /** A read of the segments: what both read paths may throw. */
    private interface SegmentRead<T> {
        T run() throws IOException;
    }

    private <T> T underReadLock(long fromOffset, SegmentRead<T> read) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new WalException("log " + name + " is closed");
            }
            return read.run();
        } catch (IOException e) {
            throw new WalException("log " + name + ": read from offset " + fromOffset + " failed", e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public OptionalLong firstOffset() {
        // Segments are created in order, so if anything is visible the first segment's first record is.
        Map.Entry<Long, Segment> first = segments.firstEntry();
        return lastVisible == Segment.NO_OFFSET || first == null ? OptionalLong.empty() : OptionalLong.of(first.getKey());
    }

    @Override
    public OptionalLong lastOffset() {
        long last = lastVisible;
        return last == Segment.NO_OFFSET ? OptionalLong.empty() : OptionalLong.of(last);
    }

    @Override
    public long sizeInBytes() {
        return segments.values().stream().mapToLong(s -> s.file().length()).sum();
    }

    @Override
    public CompletableFuture<Void> truncateAfter(long offset) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        submit(new WriterCommand.TruncateAfter(this, offset, future));
        return future;
    }

    @Override
    public CompletableFuture<OptionalLong> deleteBefore(long offset) {
        CompletableFuture<OptionalLong> future = new CompletableFuture<>();
        submit(new WriterCommand.DeleteBefore(this, offset, future));
        return future;
    }

    private void submit(WriterCommand command) {
        if (closed) {
            command.fail(new WalException("log " + name + " is closed"));
        } else {
            wal.submit(command);
        }
    }

    @Override
    public RecoveryReport recovery() {
        return recovery;
    }

    @Override
    public String toString() {
        return "log " + name;
    }

    Path directory() {
        return directory;
    }

    /** The segments by base offset; changed only by the writer thread. */
    ConcurrentSkipListMap<Long, Segment> segments() {
        return segments;
    }

    /** Held by readers (read lock) and by the writer when it removes or cuts segments (write lock). */
    ReadWriteLock lock() {
        return lock;
    }

    long lastWritten() {
        return lastWritten;
    }

    /** Writer thread: a record with {@code offset} was written or a truncation moved the end. */
    void lastWritten(long offset) {
        lastWritten = offset;
    }

    /** Writer thread: records up to {@code offset} are now visible (or, after a truncation, the rest). */
    void publishLast(long offset) {
        lastVisible = offset;
    }

    boolean closed() {
        return closed;
    }

    /** Refuses further calls and closes the files; on the writer thread or after it stopped. */
    void close() throws IOException {
        lock.writeLock().lock();
        try {
            closed = true;
            IOException failure = null;
            for (Segment segment : segments.values()) {
                try {
                    segment.file().close();
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
