package io.chronik.core.raft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A leader's view of its term: per-follower progress, the offset where its epoch starts (its
 * leader-change entry), and the proposals waiting for commit.
 *
 * <h2>Commit rule</h2>
 * The high watermark is the largest end offset that a majority of voters hold durable, the leader's
 * own durable end included, and only once it covers the leader's own leader-change entry: entries of
 * earlier terms are thereby committed only through an entry of the current term (Raft §5.4.2).
 */
final class LeaderState {

    private final int term;
    private final long epochStartOffset;
    private final int majority;
    private final Map<Integer, FollowerProgress> followers = new TreeMap<>();
    private final NavigableMap<Long, CompletableFuture<Long>> proposals = new TreeMap<>();
    private long nextBeginEpochMs;

    LeaderState(int term, long epochStartOffset, Iterable<Integer> otherVoters, int majority, long nowMs) {
        this.term = term;
        this.epochStartOffset = epochStartOffset;
        this.majority = majority;
        for (int voter : otherVoters) {
            followers.put(voter, new FollowerProgress(nowMs));
        }
    }

    long epochStartOffset() {
        return epochStartOffset;
    }

    FollowerProgress progress(int follower) {
        return followers.get(follower);
    }

    Map<Integer, FollowerProgress> followers() {
        return Collections.unmodifiableMap(followers);
    }

    /** The high watermark the commit rule allows given the leader's own durable end, if it allows one. */
    OptionalLong commitCandidate(long ownDurableEnd) {
        List<Long> ends = new ArrayList<>();
        ends.add(ownDurableEnd);
        followers.values().forEach(p -> ends.add(p.durableEnd()));
        ends.sort(Collections.reverseOrder());
        long candidate = ends.get(majority - 1);
        return candidate > epochStartOffset ? OptionalLong.of(candidate) : OptionalLong.empty();
    }

    /** Whether a majority (this leader included) fetched within {@code timeoutMs} before {@code nowMs}. */
    boolean hasQuorumContact(long nowMs, long timeoutMs) {
        long recent = 1 + followers.values().stream().filter(p -> nowMs - p.lastFetchMs() < timeoutMs).count();
        return recent >= majority;
    }

    /** Whether to (re)send {@link Message.BeginEpoch} to the followers that have not fetched recently. */
    boolean beginEpochDue(long nowMs, long intervalMs) {
        if (nowMs < nextBeginEpochMs) {
            return false;
        }
        nextBeginEpochMs = nowMs + intervalMs;
        return true;
    }

    CompletableFuture<Long> awaitCommit(long offset) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        proposals.put(offset, f);
        return f;
    }

    /** Completes the proposals below {@code highWatermark} with their offsets. */
    void committed(long highWatermark) {
        Map<Long, CompletableFuture<Long>> done = proposals.headMap(highWatermark, false);
        done.forEach((offset, f) -> f.complete(offset));
        done.clear();
    }

    /** Fails every waiting proposal: this node is no longer leader, their outcome is unknown. */
    void resign(OptionalInt newLeader) {
        proposals.values().forEach(f -> f.completeExceptionally(new NotLeaderException(
                "leadership of term " + term + " ended before the proposal committed; it may still commit",
                newLeader)));
        proposals.clear();
    }
}
