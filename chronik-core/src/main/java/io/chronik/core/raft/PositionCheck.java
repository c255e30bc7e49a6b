package io.chronik.core.raft;

/**
 * How a follower's fetch position relates to the leader's log ({@link LocalLog#check}); each case
 * names what the leader answers.
 */
sealed interface PositionCheck {

    /** The follower's log is a prefix of the leader's: ship what follows it. */
    record Matches() implements PositionCheck {
    }

    /** The follower's log diverged: it must cut back to {@code divergence}, the end of the last common epoch. */
    record Diverges(LogPosition divergence) implements PositionCheck {
    }

    /**
     * The position is below the leader's log start (or at it with another epoch, or would have to cut
     * below it): the records the follower needs are freed, so it must start over from {@code start}.
     */
    record BelowStart(LogPosition start) implements PositionCheck {
    }
}
