package io.chronik.core.raft;

import java.util.OptionalInt;

/**
 * What a voter must remember across crashes: its current term and whom it voted for in that term.
 *
 * @param term     the latest term this node has seen (0 before any election)
 * @param votedFor the candidate it voted for in {@code term}, if any
 */
public record QuorumState(int term, OptionalInt votedFor) {

    /** A node that never took part in an election. */
    public static final QuorumState INITIAL = new QuorumState(0, OptionalInt.empty());

    public QuorumState {
        if (term < 0) {
            throw new IllegalArgumentException("negative term " + term);
        }
    }
}
