package io.chronik.core.raft;

import io.chronik.core.raft.Message.FetchDiverging;
import io.chronik.core.raft.Message.FetchLogStart;
import io.chronik.core.raft.Message.FetchRequest;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The leader side of log shipping, shared by the quorum ({@link RaftEngine}) and the partition
 * ({@link IsrReplica}) modes: checks a follower's (epoch, offset) position against the local log,
 * answers with the entries after it (at most {@code maxFetchBytes}, at least one) or with the
 * divergence point, parks a fetch that has nothing new for up to {@code maxWaitMs}, and answers
 * parked fetches when the log or the high watermark moves or the wait ends. The caller owns the term,
 * the high watermark and the per-follower {@link FollowerProgress}; the answer's form (metadata
 * entries or record batches) comes from an {@link AnswerFactory}.
 *
 * <p>A follower below the log start is told where to start over ({@link FetchLogStart}): a partition
 * follower at the log start itself, a metadata follower at the end of the leader's newest snapshot,
 * which it fetches first; {@code restartPoint} maps the log start to that position. Engine thread only.
 */
final class FetchServer {

    /** Builds the answer that carries {@code records} (possibly none) to a follower. */
    @FunctionalInterface
    interface AnswerFactory {
        Message answer(int term, long fetchOffset, long highWatermark, List<StoredRecord> records);
    }

    /**
     * Builds the answer to a fetch at {@code fetchOffset}, reading the log itself (nothing when the
     * offset is the log end): for answers that carry records as parts to send, not parsed records.
     */
    @FunctionalInterface
    interface ReadingAnswerFactory {
        Message answer(int term, long fetchOffset, long highWatermark);
    }

    private final LocalLog log;
    private final int maxWaitMs;
    private final List<Outbound> outbox;
    private final ReadingAnswerFactory answers;
    private final UnaryOperator<LogPosition> restartPoint;

    /** Answers carry the records {@link LocalLog#read} returns, at most {@code maxFetchBytes} of them. */
    FetchServer(LocalLog log, int maxFetchBytes, int maxWaitMs, List<Outbound> outbox, AnswerFactory answers,
                UnaryOperator<LogPosition> restartPoint) {
        this(log, maxWaitMs, outbox, (term, fetchOffset, hw) -> answers.answer(term, fetchOffset, hw,
                fetchOffset < log.endOffset() ? log.read(fetchOffset, maxFetchBytes) : List.of()), restartPoint);
    }

    /** Answers are what {@code answers} builds, reading the log as it needs. */
    FetchServer(LocalLog log, int maxWaitMs, List<Outbound> outbox, ReadingAnswerFactory answers,
                UnaryOperator<LogPosition> restartPoint) {
        this.answers = answers;
        this.restartPoint = restartPoint;
        this.log = log;
        this.maxWaitMs = maxWaitMs;
        this.outbox = outbox;
    }

    /**
     * Whether the follower's position matches this log; if not, the follower is told where the last
     * common epoch ends, or where to start over if that is below the log start, and the caller stops there.
     */
    boolean matches(int from, int term, FetchRequest request) {
        long fetchOffset = request.position().endOffset();
        PositionCheck check = log.check(request.position());
        if (check instanceof PositionCheck.Diverges d) {
            outbox.add(new Outbound(from, new FetchDiverging(term, fetchOffset, d.divergence())));
        } else if (check instanceof PositionCheck.BelowStart b) {
            outbox.add(new Outbound(from, new FetchLogStart(term, fetchOffset, restartPoint.apply(b.start()))));
        }
        return check instanceof PositionCheck.Matches;
    }

    /** Sends the entries after {@code fetchOffset}, or parks the fetch if there are none. */
    void answer(int to, FollowerProgress progress, int term, long fetchOffset, long highWatermark, long nowMs) {
        if (fetchOffset < log.endOffset()) {
            send(to, term, fetchOffset, highWatermark);
        } else {
            progress.park(fetchOffset, nowMs + maxWaitMs);
        }
    }

    /** Answers the parked fetches whose wait ended (an empty answer is the leader's heartbeat). */
    void answerExpired(Map<Integer, FollowerProgress> followers, int term, long highWatermark, long nowMs) {
        followers.forEach((id, p) -> {
            if (p.parkExpired(nowMs)) {
                long offset = p.parkedOffset().getAsLong();
                p.unpark();
                send(id, term, offset, highWatermark);
            }
        });
    }

    /** Answers every parked fetch: the log grew or the high watermark moved. */
    void answerParked(Map<Integer, FollowerProgress> followers, int term, long highWatermark) {
        followers.forEach((id, p) -> p.parkedOffset().ifPresent(offset -> {
            p.unpark();
            send(id, term, offset, highWatermark);
        }));
    }

    private void send(int to, int term, long fetchOffset, long highWatermark) {
        outbox.add(new Outbound(to, answers.answer(term, fetchOffset, highWatermark)));
    }
}
