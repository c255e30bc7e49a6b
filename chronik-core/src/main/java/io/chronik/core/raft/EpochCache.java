package io.chronik.core.raft;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where each epoch starts in the local log (Kafka's leader-epoch cache): answers "which epoch holds
 * offset o" and "where does epoch e end", the two questions of log matching and divergence. Epochs
 * grow with offsets, so one map sorted by start offset answers both. Not thread-safe.
 */
final class EpochCache {

    private final NavigableMap<Long, Integer> epochByStart = new TreeMap<>();

    /** Notes that the entry at {@code offset} has {@code epoch} (entries arrive in offset order). */
    void onAppend(long offset, int epoch) {
        Map.Entry<Long, Integer> last = epochByStart.lastEntry();
        if (last == null || last.getValue() != epoch) {
            if (last != null && last.getValue() > epoch) {
                throw new RaftException("epoch went back from " + last.getValue() + " to " + epoch
                        + " at offset " + offset);
            }
            epochByStart.put(offset, epoch);
        }
    }

    /** Forgets every entry at or after {@code endOffset}. */
    void truncateTo(long endOffset) {
        epochByStart.tailMap(endOffset, true).clear();
    }

    /** The epoch of the entry at {@code offset}, which must be in the log. */
    int epochAt(long offset) {
        Map.Entry<Long, Integer> e = epochByStart.floorEntry(offset);
        if (e == null) {
            throw new RaftException("no epoch known for offset " + offset);
        }
        return e.getValue();
    }

    /**
     * The end of the largest epoch {@code <= epoch} in a log ending at {@code logEnd}: its epoch and
     * the offset after its last entry; {@link LogPosition#START} if the log has no such epoch.
     */
    LogPosition endOf(int epoch, long logEnd) {
        Map.Entry<Long, Integer> found = null;
        for (Map.Entry<Long, Integer> e : epochByStart.entrySet()) {
            if (e.getValue() > epoch) {
                return new LogPosition(found == null ? 0 : found.getValue(), e.getKey());
            }
            found = e;
        }
        return found == null ? LogPosition.START : new LogPosition(found.getValue(), logEnd);
    }

    boolean isEmpty() {
        return epochByStart.isEmpty();
    }

    /**
     * Kafka's OffsetForLeaderEpoch answer: for the latest epoch, the log end; for an earlier one, the
     * largest epoch not above it and the start of the first epoch after it (a requested epoch older
     * than every known one keeps its number); nothing for an epoch newer than the latest or an empty
     * log. A consumer or follower that saw {@code epoch} truncates to that offset.
     */
    Optional<LogPosition> endOffsetFor(int epoch, long logEnd) {
        if (epochByStart.isEmpty()) {
            return Optional.empty();
        }
        if (epoch == epochByStart.lastEntry().getValue()) {
            return Optional.of(new LogPosition(epoch, logEnd));
        }
        Map.Entry<Long, Integer> floor = null;
        for (Map.Entry<Long, Integer> e : epochByStart.entrySet()) {
            if (e.getValue() > epoch) {
                return Optional.of(new LogPosition(floor == null ? epoch : floor.getValue(), e.getKey()));
            }
            floor = e;
        }
        return Optional.empty();
    }
}
