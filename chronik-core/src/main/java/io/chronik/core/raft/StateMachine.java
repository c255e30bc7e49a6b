package io.chronik.core.raft;

import java.nio.ByteBuffer;

/**
 * Receives committed {@link EntryKind#DATA} entries, in offset order, each exactly once per engine
 * instance, and snapshots and restores its state. A restarted node builds a new engine, which first
 * restores the newest usable snapshot (if any) and then re-delivers the committed entries after it;
 * a follower far behind its leader has its state replaced by the leader's snapshot
 * ({@link #restore}) and receives the entries after it. Called on the engine's thread.
 */
public interface StateMachine {

    void apply(LogEntry entry);

    /** The state after every entry applied so far, as bytes {@link #restore} takes back. */
    ByteBuffer snapshot();

    /**
     * Replaces the whole state with a snapshot's; entries after the snapshot follow.
     *
     * @throws RuntimeException if the bytes are not an intact snapshot; the state is then unchanged
     */
    void restore(ByteBuffer snapshot);
}
