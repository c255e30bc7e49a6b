package io.chronik.core.raft;

import java.util.OptionalInt;

/**
 * A proposal reached a node that is not (or stopped being) the leader. When it is raised for a
 * proposal that was already appended, the outcome is unknown: a later leader may still commit it.
 */
public class NotLeaderException extends RaftException {
    private static final long serialVersionUID = 1L;

    private final transient OptionalInt leaderHint;

    public NotLeaderException(String message, OptionalInt leaderHint) {
        super(message);
        this.leaderHint = leaderHint;
    }

    /** The node this one believes to be the leader, if it knows one. */
    public OptionalInt leaderHint() {
        return leaderHint == null ? OptionalInt.empty() : leaderHint;
    }
}
