package io.chronik.core.replica;

import io.chronik.core.cluster.PeerChannel;
import io.chronik.core.log.LogException;
import io.chronik.core.raft.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The high-watermark checkpoint of a data directory, one small file in {@link HighWatermarkCheckpoint}
 * format. {@link #write} replaces it atomically ({@link AtomicFile}), so a crash leaves the old or the new checkpoint, never a torn one. A file
 * that cannot be read or decoded is reported and treated as absent: high watermarks then start as
 * if there were no checkpoint, which is always safe. Not thread-safe: the replica driver owns it.
 */
public final class HighWatermarkCheckpointFile {

    /** The file's name inside the data directory. */
    public static final String FILE_NAME = "high-watermark-checkpoint";
    private static final Logger LOG = LoggerFactory.getLogger(HighWatermarkCheckpointFile.class);

    private final Path file;

    /** The checkpoint of data directory {@code dataDir}. */
    public HighWatermarkCheckpointFile(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    /** The stored high watermarks; empty if there is no checkpoint or it is unreadable or corrupt (logged). */
    public Map<PeerChannel.Partition, Long> read() {
        try {
            return HighWatermarkCheckpoint.decode(ByteBuffer.wrap(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | CheckpointFormatException e) {
            LOG.warn("Ignoring the high-watermark checkpoint {}: {}; high watermarks start from the replicas' logs"
                    + " and followers", file, e.getMessage());
            return Map.of();
        }
    }

    /**
     * Replaces the checkpoint with {@code highWatermarks}.
     *
     * @throws LogException if it cannot be written (the previous checkpoint stays)
     */
    public void write(Map<PeerChannel.Partition, Long> highWatermarks) {
        try {
            AtomicFile.replace(file, HighWatermarkCheckpoint.encode(highWatermarks));
        } catch (IOException e) {
            throw new LogException("cannot write the high-watermark checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
