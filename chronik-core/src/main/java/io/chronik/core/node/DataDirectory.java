package io.chronik.core.node;

import io.chronik.api.ChronikException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A node's data directory, held for the node's lifetime by an exclusive lock on {@code .lock} inside
 * it, so two nodes (in two processes or one) can never write the same data. The OS drops the lock
 * when the process dies, so a crashed node never leaves a stale lock behind.
 *
 * <p>Closing releases the lock. Not thread-safe; the node opens and closes it on its lifecycle thread.
 */
final class DataDirectory implements AutoCloseable {

    /** The lock file's name inside the data directory. */
    public static final String LOCK_FILE = ".lock";

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @throws ChronikException if it cannot be created, or another node holds it
     */
    static DataDirectory lock(Path directory) {
        Path path = directory.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(path);
            channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new ChronikException(inUse(path));
            }
            return new DataDirectory(path, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new ChronikException(inUse(path) + " (in this process)");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ChronikException("cannot use data directory " + path + ": " + e, e);
        } catch (ChronikException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static String inUse(Path path) {
        return "data directory " + path + " is in use by another Chronik node; give each node its own data.dir";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the original error is the one to report
            }
        }
    }

    /** The absolute path of the directory. */
    Path path() {
        return path;
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new ChronikException("cannot release the lock of data directory " + path + ": " + e, e);
        }
    }
}
