package io.chronik.examples.wal.simplefile;

import io.chronik.spi.wal.FileChannels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The file of one log: positional reads, appends at the end, {@code force} and truncation, all on a
 * channel opened through the host's {@link FileChannels} seam. Knows nothing of the record format.
 * Appends come from the WAL's single writer thread; reads may run concurrently from any thread
 * ({@link FileChannel} positional reads are thread-safe).
 */
final class LogFile implements AutoCloseable {

    private static final Set<StandardOpenOption> READ_WRITE = Set.of(StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE);

    private final Path path;
    private final FileChannel channel;

    private LogFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens {@code path} for reading and writing, creating it if it does not exist. */
    static LogFile open(FileChannels files, Path path) throws IOException {
        return new LogFile(path, files.open(path, READ_WRITE));
    }

    Path path() {
        return path;
    }

    long size() throws IOException {
        return channel.size();
    }

    /** Reads exactly {@code length} bytes at {@code position}, or fewer if the file ends first. */
    ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }

    /** Writes all of {@code bytes} at {@code position}. */
    void write(long position, ByteBuffer bytes) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /** Forces written data to the device ({@code fdatasync}: the size is data, metadata may lag). */
    void force() throws IOException {
        channel.force(false);
    }

    void truncate(long size) throws IOException {
        channel.truncate(size);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
