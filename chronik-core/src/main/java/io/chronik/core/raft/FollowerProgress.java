package io.chronik.core.raft;

import java.util.OptionalLong;

/**
 * What a leader knows of one follower in its term: how far the follower's log is durable and matches
 * the leader's, when it last fetched, and the fetch the leader holds back because there was nothing
 * new to send (at most one: a follower has one fetch in flight, which bounds the leader's memory per
 * follower to one answer of {@code maxFetchBytes}).
 */
final class FollowerProgress {

    private long durableEnd;
    private long lastFetchMs;
    private boolean fetchedThisTerm;
    private OptionalLong parkedOffset = OptionalLong.empty();
    private long parkedUntilMs;
    private long lastCaughtUpMs;
    private long leaderEndAtLastFetch;

    FollowerProgress(long nowMs) {
        this.lastFetchMs = nowMs;
        this.lastCaughtUpMs = nowMs;
    }

    /**
     * ISR bookkeeping (Kafka's rule): a fetch from at least the leader's end at the previous fetch
     * means the follower was caught up at that previous fetch; a follower always fetching behind a
     * moving end still counts as caught up while it keeps pace.
     */
    void onPositionFetched(long fetchOffset, long leaderEnd, long nowMs) {
        if (fetchOffset >= leaderEnd) {
            lastCaughtUpMs = nowMs;
        } else if (fetchOffset >= leaderEndAtLastFetch) {
            lastCaughtUpMs = Math.max(lastCaughtUpMs, lastFetchMs);
        }
        leaderEndAtLastFetch = leaderEnd;
    }

    long lastCaughtUpMs() {
        return lastCaughtUpMs;
    }

    /** Every entry before this offset is durable on the follower and equal to the leader's. */
    long durableEnd() {
        return durableEnd;
    }

    long lastFetchMs() {
        return lastFetchMs;
    }

    boolean fetchedThisTerm() {
        return fetchedThisTerm;
    }

    void onFetch(long nowMs) {
        lastFetchMs = nowMs;
        fetchedThisTerm = true;
        parkedOffset = OptionalLong.empty();
    }

    /** Notes a matching fetch; the durable end of a matching prefix only grows within a term. */
    void onMatchingFetch(long durable) {
        durableEnd = Math.max(durableEnd, durable);
    }

    void park(long fetchOffset, long untilMs) {
        parkedOffset = OptionalLong.of(fetchOffset);
        parkedUntilMs = untilMs;
    }

    OptionalLong parkedOffset() {
        return parkedOffset;
    }

    boolean parkExpired(long nowMs) {
        return parkedOffset.isPresent() && nowMs >= parkedUntilMs;
    }

    void unpark() {
        parkedOffset = OptionalLong.empty();
    }
}
