package io.chronik.core.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A {@link QuorumStateStore} in one small file ({@link QuorumStateCodec}): {@link #save} replaces it
 * with {@link AtomicFile}, so a crash leaves either the old or the new state, never a torn one.
 * Engine thread only.
 */
public final class FileQuorumStateStore implements QuorumStateStore {

    private final Path file;

    public FileQuorumStateStore(Path file) {
        this.file = file;
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
            AtomicFile.replace(file, QuorumStateCodec.encode(state));
        } catch (IOException e) {
            throw new RaftException("cannot store quorum state " + state + " in " + file + ": " + e.getMessage(), e);
        }
    }
}
