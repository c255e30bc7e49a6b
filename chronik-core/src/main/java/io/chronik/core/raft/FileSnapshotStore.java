package io.chronik.core.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SnapshotStore} in one directory, one file per snapshot named by its position:
 * {@code <end offset, 20 digits>-<epoch, 10 digits>.snapshot}, holding the snapshot's bytes as they
 * are (the state machine's format carries its own version and checksum, so a corrupt file is found
 * when it is restored, and the caller falls back to an older one).
 *
 * <h2>Atomic writes</h2>
 * A writer fills {@code <name>.partial}; {@link Writer#commit()} forces it, renames it to its final
 * name atomically and forces the directory, so a listed snapshot is whole and durable. Partial files
 * found on open are left-overs of a crash and are deleted. Engine thread only.
 */
public final class FileSnapshotStore implements SnapshotStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileSnapshotStore.class);
    static final String SUFFIX = ".snapshot";
    static final String PARTIAL_SUFFIX = ".partial";
    private static final Pattern NAME = Pattern.compile("(\\d{20})-(\\d{10})\\" + SUFFIX);

    private final Path directory;

    /**
     * Opens (creating it if needed) the snapshot directory and deletes partial files a crash left.
     *
     * @throws RaftException if the directory cannot be created or read
     */
    public FileSnapshotStore(Path directory) {
        this.directory = directory.toAbsolutePath();
        try {
            Files.createDirectories(this.directory);
            try (Stream<Path> files = Files.list(this.directory)) {
                for (Path partial : files.filter(f -> f.getFileName().toString().endsWith(PARTIAL_SUFFIX)).toList()) {
                    LOG.info("Deleting the partial snapshot {} left by an interrupted write", partial);
                    Files.delete(partial);
                }
            }
        } catch (IOException e) {
            throw new RaftException("cannot open snapshot directory " + this.directory + ": " + e, e);
        }
    }

    /** The directory holding the snapshots. */
    public Path directory() {
        return directory;
    }

    static String fileName(LogPosition id) {
        return String.format("%020d-%010d%s", id.endOffset(), id.epoch(), SUFFIX);
    }

    private Path file(LogPosition id) {
        return directory.resolve(fileName(id));
    }

    @Override
    public List<LogPosition> list() {
        List<LogPosition> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(f -> {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    try {
                        ids.add(new LogPosition(Integer.parseInt(m.group(2)), Long.parseLong(m.group(1))));
                    } catch (NumberFormatException e) {
                        LOG.warn("Ignoring {}: its name is no snapshot position ({})", f, e.getMessage());
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new RaftException("cannot list snapshots in " + directory + ": " + e, e);
        }
        ids.sort(Comparator.comparingLong(LogPosition::endOffset).thenComparingInt(LogPosition::epoch));
        return ids;
    }

    @Override
    public long size(LogPosition id) {
        try {
            return Files.size(file(id));
        } catch (IOException e) {
            throw new RaftException("cannot read the size of snapshot " + file(id) + ": " + e, e);
        }
    }

    @Override
    public ByteBuffer read(LogPosition id, long position, int maxBytes) {
        try (FileChannel channel = FileChannel.open(file(id), StandardOpenOption.READ)) {
            long size = channel.size();
            if (position < 0 || position > size) {
                throw new RaftException("position " + position + " is outside snapshot " + file(id) + " of "
                        + size + " bytes");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(maxBytes, size - position));
            while (buf.hasRemaining()) {
                if (channel.read(buf, position + buf.position()) < 0) {
                    throw new RaftException("snapshot " + file(id) + " ended early");
                }
            }
            return buf.flip();
        } catch (IOException e) {
            throw new RaftException("cannot read snapshot " + file(id) + ": " + e, e);
        }
    }

    @Override
    public Writer create(LogPosition id) {
        Path target = file(id);
        Path partial = target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
        try {
            return new FileWriter(target, partial, FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
        } catch (IOException e) {
            throw new RaftException("cannot create snapshot file " + partial + ": " + e, e);
        }
    }

    @Override
    public void delete(LogPosition id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new RaftException("cannot delete snapshot " + file(id) + ": " + e, e);
        }
    }

    /** Writes {@code partial}, renamed to {@code target} on commit. */
    private final class FileWriter implements Writer {
        private final Path target;
        private final Path partial;
        private final FileChannel channel;
        private long written;
        private boolean done;

        FileWriter(Path target, Path partial, FileChannel channel) {
            this.target = target;
            this.partial = partial;
            this.channel = channel;
        }

        @Override
        public void append(ByteBuffer chunk) {
            requireOpen();
            try {
                while (chunk.hasRemaining()) {
                    written += channel.write(chunk);
                }
            } catch (IOException e) {
                abort();
                throw new RaftException("cannot write snapshot file " + partial + ": " + e, e);
            }
        }

        @Override
        public long written() {
            return written;
        }

        @Override
        public void commit() {
            requireOpen();
            try {
                channel.force(true);
                channel.close();
                AtomicFile.install(partial, target);
                done = true;
            } catch (IOException e) {
                abort();
                throw new RaftException("cannot make snapshot " + target + " durable: " + e, e);
            }
        }

        @Override
        public void abort() {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                LOG.warn("Could not remove the abandoned snapshot file {}: {}", partial, e.toString());
            }
        }

        private void requireOpen() {
            if (done) {
                throw new IllegalStateException("snapshot writer for " + target + " is already committed or aborted");
            }
        }
    }
}
