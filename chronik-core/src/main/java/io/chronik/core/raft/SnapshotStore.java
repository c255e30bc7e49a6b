package io.chronik.core.raft;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Where one replicated log keeps its snapshots: opaque bytes of the applied state (the engine never
 * looks inside), each named by the {@link LogPosition} it covers: a snapshot {@code (e, s)} holds
 * the state after applying every entry below offset {@code s}, the entry at {@code s - 1} having
 * epoch {@code e}. That position is also where the log starts once the entries below it are freed,
 * and what divergence checks compare a follower's position with there.
 *
 * <h2>Atomicity</h2>
 * A snapshot is written through a {@link Writer}, in chunks (a follower receives one from its leader
 * piece by piece, with bounded memory), and becomes visible to {@link #list()} only once
 * {@link Writer#commit()} made it durable; a crash before that leaves nothing visible.
 *
 * <h2>Threading and failures</h2>
 * The engine's thread only. I/O failures throw {@link RaftException}; the engine treats them as
 * storage failures (fail-stop).
 */
public interface SnapshotStore {

    /** The committed snapshots, oldest first. */
    List<LogPosition> list();

    /** The size in bytes of snapshot {@code id}, which must be listed. */
    long size(LogPosition id);

    /**
     * Reads up to {@code maxBytes} of snapshot {@code id} from byte {@code position} (fewer only at
     * its end).
     *
     * @throws RaftException if the snapshot is not held or cannot be read
     */
    ByteBuffer read(LogPosition id, long position, int maxBytes);

    /** Starts writing snapshot {@code id} (replacing an uncommitted one of the same id). */
    Writer create(LogPosition id);

    /** Deletes snapshot {@code id}, if held. */
    void delete(LogPosition id);

    /** The whole of snapshot {@code id}, for a state machine to restore from. */
    default ByteBuffer readAll(LogPosition id) {
        long size = size(id);
        if (size > Integer.MAX_VALUE - 16) {
            throw new RaftException("snapshot " + id + " of " + size + " bytes is too large to restore");
        }
        return read(id, 0, (int) size);
    }

    /** Writes snapshot {@code id} in one go and makes it durable. */
    default void write(LogPosition id, ByteBuffer bytes) {
        Writer writer = create(id);
        writer.append(bytes);
        writer.commit();
    }

    /** One snapshot being written. */
    interface Writer {

        /** Appends {@code chunk} (position to limit, consumed). */
        void append(ByteBuffer chunk);

        /** The bytes appended so far. */
        long written();

        /** Makes the snapshot durable and visible; the writer is done. */
        void commit();

        /** Drops what was written; the writer is done. Idempotent. */
        void abort();
    }
}
