package io.chronik.core.raft;

/**
 * Durable home of the {@link QuorumState}. The engine saves before it sends anything that depends on
 * the new state (a vote, a request of a new term), so {@link #save} must be durable when it returns
 * (e.g. write a small file, {@code force}, rename). Called on the engine's thread.
 */
public interface QuorumStateStore {

    /** The last saved state, {@link QuorumState#INITIAL} if none was ever saved. */
    QuorumState load();

    /** Stores {@code state} durably before returning; failure is thrown as a {@link RaftException}. */
    void save(QuorumState state);
}
