package io.chronik.core.raft;

/**
 * A point in a log named by the epoch of the entry before it and the offset after it: a log whose
 * last entry is (epoch 3, offset 9) is at position (3, 10); an empty log is at (0, 0). Positions
 * order first by epoch, then by offset, which is Raft's "at least as up to date" rule (§5.4.1).
 *
 * @param epoch     the epoch of the last entry, 0 if none
 * @param endOffset the offset after the last entry
 */
public record LogPosition(int epoch, long endOffset) implements Comparable<LogPosition> {

    /** The position of an empty log. */
    public static final LogPosition START = new LogPosition(0, 0);

    public LogPosition {
        if (epoch < 0 || endOffset < 0) {
            throw new IllegalArgumentException("invalid log position (" + epoch + ", " + endOffset + ")");
        }
    }

    @Override
    public int compareTo(LogPosition other) {
        int byEpoch = Integer.compare(epoch, other.epoch);
        return byEpoch != 0 ? byEpoch : Long.compare(endOffset, other.endOffset);
    }

    /** Whether this position is at least as up to date as {@code other}. */
    public boolean atLeast(LogPosition other) {
        return compareTo(other) >= 0;
    }
}
