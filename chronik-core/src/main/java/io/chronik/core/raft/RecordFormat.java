package io.chronik.core.raft;

import java.nio.ByteBuffer;

/**
 * How the records of one kind of replicated log are laid out in their WAL records, as far as the
 * engine needs to know: which offsets a record covers and in which epoch it was written. The
 * metadata log stores one {@link EntryCodec} entry per offset ({@link EntryCodec#FORMAT}); a partition
 * stores one Kafka v2 record batch per WAL record ({@link BatchFormat#FORMAT}), so the Kafka read
 * path serves the very bytes the engine replicated.
 */
@FunctionalInterface
public interface RecordFormat {

    /**
     * Reads the header of the record stored at {@code walOffset}.
     *
     * @param data the stored bytes (position to limit, not consumed)
     * @throws RaftFormatException if the bytes are not one record of this format starting at that offset
     */
    StoredRecord parse(long walOffset, ByteBuffer data);
}
