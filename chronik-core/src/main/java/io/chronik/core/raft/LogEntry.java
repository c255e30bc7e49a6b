package io.chronik.core.raft;

import java.nio.ByteBuffer;

/**
 * One entry of the replicated log.
 *
 * @param offset  its position in the log (dense: 0, 1, 2, ...)
 * @param epoch   the term of the leader that appended it
 * @param kind    data or control
 * @param payload its bytes, read-only, positioned at 0
 */
public record LogEntry(long offset, int epoch, EntryKind kind, ByteBuffer payload) {

    public LogEntry {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("entry epoch must be >= 1, was " + epoch);
        }
        payload = payload.asReadOnlyBuffer();
    }

    /** The position just after this entry. */
    public LogPosition end() {
        return new LogPosition(epoch, offset + 1);
    }
}
