package io.chronik.wal.disruptor;

import io.chronik.spi.wal.FileChannels;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;

/**
 * The I/O of one segment file: appends at its end, positional reads, preallocation, truncation and
 * {@code force}. It knows nothing of the record layout beyond writing the segment header when it
 * creates a file.
 *
 * <h2>Preallocation</h2>
 * A file created here (format version 2, see {@link SegmentFormat}) grows ahead of its records: when an
 * append would pass the allocated length, the file is extended with written zeros by
 * {@code preallocateBytes} at a time (at most to the segment size, or just past the record if it alone
 * is larger). Only an extension changes the file's size, so only the force after one forces metadata
 * ({@code force(true)}); every other force is {@code force(false)} (fdatasync) of blocks the file
 * already owns, which commits nothing through the file system's journal. On ext4 on this project's
 * build machine that took the p99 of forcing a 50 KiB group commit from 5–8 ms (append) to 0.3–0.6 ms
 * (overwrite of preallocated zeros); see {@code BENCHMARKS.md}. Written zeros rather than a sparse
 * extension or {@code fallocate}: a hole or an unwritten extent still needs a journal commit when it is
 * first written. A file opened from disk preallocates only once recovery confirmed it is version 2
 * ({@link #resumeAt}); version 1 files are appended to exactly as before.
 *
 * <h2>Threading</h2>
 * Only the WAL's writer thread (or the thread recovering a log before anyone else can see it) appends,
 * truncates, forces and closes; a {@code wal-fsync} thread may force a file on the writer's behalf while
 * the writer waits for that force ({@link ConcurrentForcer}). Any thread may {@link #read} concurrently:
 * reads are positional and never move the channel position that appends rely on.
 *
 * <h2>Regions for readers</h2>
 * {@link #regionChannel()} hands readers a second, read-only channel of the same file, opened on first
 * use, for the file regions of {@link io.chronik.spi.wal.WalLog#readSpans}. Those regions are sent by
 * other threads (a socket writer's {@code transferTo}) after the log's read lock is released; keeping
 * them off the channel the writer appends through means that nothing a reader does to a region can
 * break appends. In particular a thread interrupted during {@code transferTo} closes the channel it was
 * using ({@code ClosedByInterruptException}, as for every interruptible channel): that only closes the
 * read-only one, which the next {@link #regionChannel()} replaces. {@link #close()} and
 * {@link #delete()} close it too, so a region still held after its segment was deleted or its log closed
 * fails to send with {@link java.nio.channels.ClosedChannelException}; a region past a
 * {@link #truncate} point fails with an end of file, or, once the file grew again, sends whatever lies
 * there now (later records or preallocated zeros).
 */
final class SegmentFile {

    /** Zeros written to extend a file, a slice at a time (read-only, shared: never modified). */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private final FileChannels files;
    private final Path path;
    private final FileChannel channel;
    /** The most this file is extended to ahead of its records (the segment size). */
    private final long limit;
    /** Bytes of zeros added per extension; 0 when this file is never preallocated. */
    private long preallocateBytes;
    /** The end of the records (where the next append goes). */
    private volatile long size;
    /** The file's length on disk: {@link #size} plus preallocated zeros. */
    private volatile long length;
    /** Whether the file's length changed since the last force, so the next force must include metadata. */
    private boolean lengthChanged;
    /** The read-only channel for regions; opened on first use, guarded by {@code this}. */
    private Optional<FileChannel> regionChannel = Optional.empty();
    /** Whether {@link #close()} or {@link #delete()} ran; guarded by {@code this}. */
    private boolean closed;

    private SegmentFile(FileChannels files, Path path, FileChannel channel, long size, long limit,
                        long preallocateBytes) {
        this.files = files;
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.length = size;
        this.limit = limit;
        this.preallocateBytes = preallocateBytes;
    }

    /**
     * Creates a new segment file with its header written (not forced); the caller forces the file and
     * its directory.
     *
     * @param limit            the segment size: preallocation never extends the file past it
     * @param preallocateBytes bytes of zeros per extension, 0 for none
     */
    static SegmentFile create(FileChannels files, Path directory, long baseOffset, long limit, long preallocateBytes)
            throws IOException {
        Path path = directory.resolve(SegmentFormat.fileName(baseOffset));
        FileChannel channel = files.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
        SegmentFile file = new SegmentFile(files, path, channel, 0, limit, preallocateBytes);
        file.lengthChanged = true;
        try {
            file.append(SegmentFormat.encodeHeader(baseOffset));
        } catch (IOException e) {
            file.close();
            throw e;
        }
        return file;
    }

    /**
     * Opens an existing segment file for reading and appending at its current end, without
     * preallocation until {@link #resumeAt} says the file may have it.
     */
    static SegmentFile open(FileChannels files, Path path, long limit) throws IOException {
        FileChannel channel = files.open(path, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        try {
            long size = channel.size();
            channel.position(size);
            return new SegmentFile(files, path, channel, size, limit, 0);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /** The end of the records written so far (not necessarily forced); appends go here. */
    long size() {
        return size;
    }

    /** The file's length on disk, preallocated zeros included. */
    long length() {
        return length;
    }

    /**
     * Recovery found the records of this version 2 file to end at {@code end}, followed only by zeros up
     * to the end of the file: appends continue at {@code end}, over those zeros, and the file is
     * preallocated from now on. The next force includes metadata.
     */
    void resumeAt(long end, long preallocateBytes) throws IOException {
        channel.position(end);
        size = end;
        this.preallocateBytes = preallocateBytes;
        // the length found may be an extension the crashed writer never forced: force it once with metadata
        lengthChanged = true;
    }

    /**
     * Fills {@code target} from its position to its limit with the file's bytes starting at
     * {@code position}.
     *
     * @throws EOFException if the file ends first
     */
    void read(ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, at);
            if (n < 0) {
                throw new EOFException(path + ": end of file at " + at + " while reading from " + position);
            }
            at += n;
        }
    }

    /** Appends every buffer's remaining bytes after the records, in order, preallocating past them if needed. */
    void append(ByteBuffer... sources) throws IOException {
        long expected = 0;
        for (ByteBuffer source : sources) {
            expected += source.remaining();
        }
        long written = 0;
        while (written < expected) {
            written += channel.write(sources);
        }
        long end = size + written;
        size = end;
        if (end > length) {
            length = end;
            lengthChanged = true;
            if (preallocateBytes > 0) {
                extend(Math.max(end, Math.min(end + preallocateBytes, limit)));
            }
        }
    }

    /** Writes zeros from the current length to {@code newLength}. */
    private void extend(long newLength) throws IOException {
        long at = length;
        while (at < newLength) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), newLength - at));
            at += channel.write(zeros, at);
        }
        length = newLength;
        lengthChanged = true;
    }

    /** Cuts the file to {@code newSize} bytes, preallocated zeros included; appends continue from there. */
    void truncate(long newSize) throws IOException {
        channel.truncate(newSize);
        channel.position(newSize);
        size = newSize;
        length = newSize;
        lengthChanged = true;
    }

    /**
     * Cuts the preallocated zeros after the records, so the file ends with its last record (a segment
     * that is not the last of its log must); returns whether the file changed.
     */
    boolean trimToRecords() throws IOException {
        if (length == size) {
            return false;
        }
        truncate(size);
        return true;
    }

    /**
     * Forces the file's content to the device, and its metadata too if its length changed since the
     * last force (recovery needs the length; timestamps are not worth a journal commit).
     */
    void force() throws IOException {
        boolean metadata = lengthChanged;
        lengthChanged = false;
        channel.force(metadata);
    }

    /**
     * The read-only channel that regions of this file are cut from (see the class Javadoc): the one
     * opened before if it is still open, else a new one. Any thread.
     *
     * @throws ClosedChannelException if this file was closed or deleted
     */
    synchronized FileChannel regionChannel() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (regionChannel.isEmpty() || !usable(regionChannel.get())) {
            regionChannel = Optional.of(files.open(path, Set.of(StandardOpenOption.READ)));
        }
        return regionChannel.get();
    }

    /**
     * Whether a region channel still works. Asks the channel for the file's size rather than calling
     * {@code isOpen()}: a channel wrapping another (a file seam's) stays open itself when the wrapped one
     * was closed by an interrupt.
     */
    private static boolean usable(FileChannel channel) {
        try {
            channel.size();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Closes the file, and the region channel if one was opened; regions handed out stop working. */
    void close() throws IOException {
        try {
            closeRegionChannel();
        } finally {
            channel.close();
        }
    }

    private synchronized void closeRegionChannel() throws IOException {
        closed = true;
        if (regionChannel.isPresent()) {
            regionChannel.get().close();
        }
    }

    /** Closes and removes the file; the caller forces the directory. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
