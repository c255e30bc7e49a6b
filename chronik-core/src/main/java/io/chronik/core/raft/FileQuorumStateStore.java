package io.chronik.core.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A {@link QuorumStateStore} in one small file ({@link QuorumStateCodec}): {@link #save} writes a
 * temporary file, forces it, renames it over the old one atomically and forces the directory, so a
 * crash leaves either the old or the new state, never a torn one. Engine thread only.
 */
public final class FileQuorumStateStore implements QuorumStateStore {

    private final Path file;
    private final Path temporary;

    public FileQuorumStateStore(Path file) {
        this.file = file;
        this.temporary = file.resolveSibling(file.getFileName() + ".tmp");
    }

    @Override
    public QuorumState load() {
        try {
            return QuorumStateCodec.decode(ByteBuffer.wrap(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return QuorumState.INITIAL;
        } catch (IOException e) {
            throw new RaftException("cannot read quorum state " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(QuorumState state) {
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = QuorumStateCodec.encode(state);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                directory.force(true); // makes the rename itself durable
            }
        } catch (IOException e) {
            throw new RaftException("cannot store quorum state " + state + " in " + file + ": " + e.getMessage(), e);
        }
    }
}
