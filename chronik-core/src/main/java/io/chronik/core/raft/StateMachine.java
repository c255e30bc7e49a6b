package io.chronik.core.raft;

/**
 * Receives committed {@link EntryKind#DATA} entries, in offset order, each exactly once per engine
 * instance. A restarted node builds a new engine that re-delivers from offset 0 (there are no
 * snapshots yet), so the state machine starts empty with it. Called on the engine's thread.
 */
@FunctionalInterface
public interface StateMachine {

    void apply(LogEntry entry);
}
