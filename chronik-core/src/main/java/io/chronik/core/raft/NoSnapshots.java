package io.chronik.core.raft;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The {@link SnapshotStore} of a log that is never snapshotted (an embedded broker whose metadata log
 * has no directory of its own to keep snapshots in): it holds none, so the log is replayed from
 * offset 0 and never freed, and refuses to write one. Its driver must never ask for a snapshot.
 */
public final class NoSnapshots implements SnapshotStore {

    @Override
    public List<LogPosition> list() {
        return List.of();
    }

    @Override
    public long size(LogPosition id) {
        throw absent(id);
    }

    @Override
    public ByteBuffer read(LogPosition id, long position, int maxBytes) {
        throw absent(id);
    }

    @Override
    public Writer create(LogPosition id) {
        throw new RaftException("snapshot " + id + " cannot be written: this log keeps no snapshots");
    }

    @Override
    public void delete(LogPosition id) {
        // nothing is ever held
    }

    private static RaftException absent(LogPosition id) {
        return new RaftException("no snapshot " + id + ": this log keeps no snapshots");
    }
}
