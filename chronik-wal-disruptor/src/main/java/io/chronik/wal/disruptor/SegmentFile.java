package io.chronik.wal.disruptor;

import io.chronik.spi.wal.FileChannels;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The I/O of one segment file: appends at its end, positional reads, truncation and {@code force}.
 * It knows nothing of the record layout beyond writing the segment header when it creates a file.
 *
 * <h2>Threading</h2>
 * Only the WAL's writer thread (or the thread recovering a log before anyone else can see it) appends,
 * truncates, forces and closes; a {@code wal-fsync} thread may force a file on the writer's behalf while
 * the writer waits for that force ({@link ConcurrentForcer}). Any thread may {@link #read} concurrently: reads are positional and
 * never move the channel position that appends rely on.
 */
final class SegmentFile {

    private final Path path;
    private final FileChannel channel;
    private volatile long size;

    private SegmentFile(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Creates a new segment file with its header written (not forced); the caller forces the file and
     * its directory.
     */
    static SegmentFile create(FileChannels files, Path directory, long baseOffset) throws IOException {
        Path path = directory.resolve(SegmentFormat.fileName(baseOffset));
        FileChannel channel = files.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
        SegmentFile file = new SegmentFile(path, channel, 0);
        try {
            file.append(SegmentFormat.encodeHeader(baseOffset));
        } catch (IOException e) {
            file.close();
            throw e;
        }
        return file;
    }

    /** Opens an existing segment file for reading and appending at its current end. */
    static SegmentFile open(FileChannels files, Path path) throws IOException {
        FileChannel channel = files.open(path, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        try {
            long size = channel.size();
            channel.position(size);
            return new SegmentFile(path, channel, size);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /** The bytes written to the file so far (not necessarily forced). */
    long size() {
        return size;
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

    /** Appends every buffer's remaining bytes at the end of the file, in order. */
    void append(ByteBuffer... sources) throws IOException {
        long expected = 0;
        for (ByteBuffer source : sources) {
            expected += source.remaining();
        }
        long written = 0;
        while (written < expected) {
            written += channel.write(sources);
        }
        size += written;
    }

    /** Cuts the file to {@code newSize} bytes; appends continue from there. */
    void truncate(long newSize) throws IOException {
        channel.truncate(newSize);
        channel.position(newSize);
        size = newSize;
    }

    /** Forces content and metadata (the file length matters to recovery) to the device. */
    void force() throws IOException {
        channel.force(true);
    }

    void close() throws IOException {
        channel.close();
    }

    /** Closes and removes the file; the caller forces the directory. */
    void delete() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
