package io.chronik.core.raft;

import java.nio.ByteBuffer;

/**
 * One WAL record of a replicated log, as the engine handles it without looking inside: the offsets
 * it covers, the epoch of the leader that wrote it, and its bytes exactly as stored. A metadata
 * entry covers one offset ({@link EntryCodec}); a partition's record batch covers
 * {@code [baseOffset, lastOffset]} ({@link BatchFormat}). The records of a log are contiguous: each
 * starts at the previous one's {@code nextOffset}.
 *
 * @param offset     the first offset it covers, which is also its WAL offset
 * @param nextOffset the offset after the last one it covers ({@code > offset})
 * @param epoch      the epoch (term or leader epoch) it was written in, {@code >= 0}
 * @param data       its stored bytes, read-only, position to limit
 */
public record StoredRecord(long offset, long nextOffset, int epoch, ByteBuffer data) {

    public StoredRecord {
        if (offset < 0 || nextOffset <= offset || epoch < 0) {
            throw new IllegalArgumentException("invalid stored record: offsets [" + offset + ", " + nextOffset
                    + "), epoch " + epoch);
        }
        data = data.asReadOnlyBuffer();
    }

    /** The number of stored bytes. */
    public int size() {
        return data.remaining();
    }
}
