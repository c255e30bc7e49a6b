package io.chronik.core.raft;

import io.chronik.core.raft.Message.FetchDiverging;
import io.chronik.core.raft.Message.FetchEntries;
import io.chronik.core.raft.Message.FetchRejected;
import io.chronik.core.raft.Message.FetchRequest;
import io.chronik.spi.wal.WalLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of a partition log in ISR mode, as a pure state machine like {@link RaftEngine}: no
 * elections here, the controller names the leader and its epoch ({@link #becomeLeader},
 * {@link #becomeFollower}). Shipping is the quorum's: followers fetch from their (epoch, offset)
 * position, a diverged follower truncates to the end of the last common epoch ({@link LocalLog}),
 * fetch answers are bounded by {@code maxFetchBytes}, one fetch in flight per follower.
 *
 * <h2>Commit rule</h2>
 * The high watermark is the smallest durable end over the in-sync replicas (the leader's own durable
 * end included), and never moves back. An {@code acks=all} append needs an ISR of at least
 * {@code min.insync.replicas} when it is made and when it is acknowledged. A follower that has not
 * been caught up for {@code replicaLagTimeMs} leaves the ISR, so it never blocks the leader; one whose
 * durable end reaches the high watermark (and the leader's epoch start) rejoins. Every ISR change is
 * accepted by the {@link IsrController} before the leader uses it, so the controller's ISR always
 * holds every acknowledged record and a leader it picks from that ISR loses none.
 *
 * <h2>Threading</h2>
 * Single-threaded, as {@link RaftEngine}.
 */
public final class IsrReplica {

    private static final Logger LOG = LoggerFactory.getLogger(IsrReplica.class);

    private final IsrConfig config;
    private final int self;
    private final LocalLog log;
    private final IsrController controller;
    private final FetchServer fetchServer;
    private final List<Outbound> outbox = new ArrayList<>();
    private int leaderEpoch;
    private OptionalInt leaderId = OptionalInt.empty();
    private long highWatermark;
    private long now;
    // leader state
    private final Set<Integer> isr = new TreeSet<>();
    private final Map<Integer, FollowerProgress> followers = new HashMap<>();
    private final NavigableMap<Long, CompletableFuture<Long>> waiting = new TreeMap<>();
    private long epochStartOffset;
    // follower state
    private boolean fetchInFlight;
    private long fetchRetryAtMs;

    /** Opens the replica over its durable log; it does nothing until the controller names a leader. */
    public IsrReplica(IsrConfig config, WalLog wal, IsrController controller, Runnable wakeup, long nowMs) {
        this.config = config;
        this.self = config.nodeId();
        this.log = new LocalLog(wal, wakeup);
        this.fetchServer = new FetchServer(log, config.maxFetchBytes(), config.fetchMaxWaitMs(), outbox);
        this.controller = controller;
        this.now = nowMs;
    }

    // ---------------------------------------------------------------- controller decisions

    /**
     * Leads {@code epoch} with the controller's {@code isr} (which contains this replica). Appends a
     * leader-change entry so the epoch has a start offset in every log that follows it.
     */
    public void becomeLeader(int epoch, Set<Integer> newIsr, long nowMs) {
        now = nowMs;
        requireNewEpoch(epoch);
        if (!newIsr.contains(self) || !config.replicas().containsAll(newIsr)) {
            throw new IllegalArgumentException("ISR " + newIsr + " must contain leader " + self
                    + " and only replicas of " + config.replicas());
        }
        failWaiting(epoch);
        leaderEpoch = epoch;
        leaderId = OptionalInt.of(self);
        isr.clear();
        isr.addAll(newIsr);
        followers.clear();
        config.replicas().stream().filter(r -> r != self).forEach(r -> followers.put(r, new FollowerProgress(now)));
        epochStartOffset = log.endOffset();
        log.append(new LogEntry(epochStartOffset, epoch, EntryKind.LEADER_CHANGE,
                ByteBuffer.allocate(Integer.BYTES).putInt(0, self)));
        LOG.debug("replica {}: leader of epoch {} with ISR {} from offset {}", self, epoch, isr, epochStartOffset);
    }

    /** Follows {@code leader} in {@code epoch}. */
    public void becomeFollower(int epoch, int leader, long nowMs) {
        now = nowMs;
        requireNewEpoch(epoch);
        failWaiting(epoch);
        leaderEpoch = epoch;
        leaderId = OptionalInt.of(leader);
        isr.clear();
        followers.clear();
        fetchInFlight = false;
        maybeFetch();
    }

    private void requireNewEpoch(int epoch) {
        if (epoch <= leaderEpoch) {
            throw new IllegalArgumentException("leader epoch " + epoch + " is not above the current " + leaderEpoch);
        }
    }

    // ---------------------------------------------------------------- driver API

    /**
     * Appends {@code payload} with acks=all.
     *
     * @return a future completed with the offset once the high watermark passes it, or failed with
     *         {@link NotEnoughReplicasException} (ISR shrank below the minimum) or
     *         {@link NotLeaderException} (leadership moved; outcome unknown)
     * @throws NotLeaderException if this replica does not lead
     * @throws NotEnoughReplicasException if the ISR is below {@code min.insync.replicas}
     */
    public CompletableFuture<Long> append(ByteBuffer payload) {
        if (!isLeader()) {
            throw new NotLeaderException("replica " + self + " does not lead epoch " + leaderEpoch, leaderId);
        }
        if (isr.size() < config.minInsyncReplicas()) {
            throw new NotEnoughReplicasException("ISR " + isr + " is smaller than min.insync.replicas "
                    + config.minInsyncReplicas());
        }
        long offset = log.endOffset();
        log.append(new LogEntry(offset, leaderEpoch, EntryKind.DATA, payload));
        CompletableFuture<Long> f = new CompletableFuture<>();
        waiting.put(offset, f);
        answerParkedFetches();
        return f;
    }

    /** Advances time: storage completions, fetch retries, parked fetches, ISR shrinking. */
    public void poll(long nowMs) {
        now = nowMs;
        refreshStorage();
        if (isLeader()) {
            shrinkIsr();
            fetchServer.answerExpired(followers, leaderEpoch, highWatermark, now);
        } else if (fetchInFlight && now >= fetchRetryAtMs) {
            fetchInFlight = false;
        }
        maybeFetch();
    }

    /** Handles one message from replica {@code fromNode}. */
    public void handle(int fromNode, Message message, long nowMs) {
        now = nowMs;
        if (fromNode == self || !config.replicas().contains(fromNode)) {
            LOG.warn("replica {}: dropped {} from {}, which is not another replica", self, message, fromNode);
            return;
        }
        refreshStorage();
        if (message instanceof FetchRequest m) {
            onFetchRequest(fromNode, m);
        } else if (message instanceof FetchEntries m && fromLeader(fromNode, m.term(), m.fetchOffset())) {
            fetchInFlight = false;
            m.entries().forEach(log::append);
            highWatermark = Math.max(highWatermark, Math.min(m.highWatermark(), log.endOffset()));
        } else if (message instanceof FetchDiverging m && fromLeader(fromNode, m.term(), m.fetchOffset())) {
            fetchInFlight = false;
            log.truncateToDivergence(m.divergence(), highWatermark);
        }
        // a FetchRejected is left to the retry timer: the controller will name the newer leader
        maybeFetch();
    }

    public List<Outbound> drainOutbox() {
        List<Outbound> out = List.copyOf(outbox);
        outbox.clear();
        return out;
    }

    // ---------------------------------------------------------------- observers

    public boolean isLeader() {
        return leaderId.isPresent() && leaderId.getAsInt() == self;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** The ISR this replica uses as leader (empty on a follower). */
    public Set<Integer> isr() {
        return Collections.unmodifiableSet(isr);
    }

    public LogPosition lastPosition() {
        return log.lastPosition();
    }

    public List<LogEntry> read(long fromOffset, int maxBytes) {
        return log.read(fromOffset, maxBytes);
    }

    // ---------------------------------------------------------------- follower side

    private boolean fromLeader(int from, int epoch, long fetchOffset) {
        return epoch == leaderEpoch && leaderId.isPresent() && leaderId.getAsInt() == from && !isLeader()
                && fetchOffset == log.endOffset();
    }

    private void maybeFetch() {
        if (leaderId.isPresent() && !isLeader() && !fetchInFlight && log.durableEnd() == log.endOffset()) {
            fetchInFlight = true;
            fetchRetryAtMs = now + config.fetchMaxWaitMs() + config.fetchTimeoutMs();
            outbox.add(new Outbound(leaderId.getAsInt(),
                    new FetchRequest(leaderEpoch, log.lastPosition(), log.durableEnd())));
        }
    }

    // ---------------------------------------------------------------- leader side

    private void onFetchRequest(int from, FetchRequest m) {
        if (m.term() != leaderEpoch || !isLeader()) {
            outbox.add(new Outbound(from, new FetchRejected(leaderEpoch, leaderId)));
            return;
        }
        FollowerProgress progress = followers.get(from);
        LogPosition position = m.position();
        if (!fetchServer.matches(from, leaderEpoch, m)) {
            progress.onFetch(now);
            return;
        }
        progress.onPositionFetched(position.endOffset(), log.endOffset(), now);
        progress.onFetch(now);
        progress.onMatchingFetch(m.durableEnd());
        if (!isr.contains(from) && progress.durableEnd() >= Math.max(highWatermark, epochStartOffset + 1)) {
            alterIsr(from, true);
        }
        advanceHighWatermark();
        fetchServer.answer(from, progress, leaderEpoch, position.endOffset(), highWatermark, now);
    }

    private void shrinkIsr() {
        for (int follower : List.copyOf(isr)) {
            if (follower != self && now - followers.get(follower).lastCaughtUpMs() > config.replicaLagTimeMs()) {
                alterIsr(follower, false);
            }
        }
        advanceHighWatermark();
    }

    private void alterIsr(int follower, boolean add) {
        Set<Integer> proposed = new TreeSet<>(isr);
        if (add) {
            proposed.add(follower);
        } else {
            proposed.remove(follower);
        }
        if (controller.alterIsr(self, leaderEpoch, proposed)) {
            LOG.debug("replica {}: ISR of epoch {} {} -> {}", self, leaderEpoch, isr, proposed);
            isr.clear();
            isr.addAll(proposed);
        }
    }

    private void advanceHighWatermark() {
        long min = log.durableEnd();
        for (int member : isr) {
            if (member != self) {
                min = Math.min(min, followers.get(member).durableEnd());
            }
        }
        if (min > highWatermark) {
            highWatermark = min;
            answerParkedFetches();
        }
        Map<Long, CompletableFuture<Long>> done = waiting.headMap(highWatermark, false);
        boolean enough = isr.size() >= config.minInsyncReplicas();
        done.forEach((offset, f) -> {
            if (enough) {
                f.complete(offset);
            } else {
                f.completeExceptionally(new NotEnoughReplicasException("offset " + offset + " committed with ISR "
                        + isr + ", smaller than min.insync.replicas " + config.minInsyncReplicas()));
            }
        });
        done.clear();
    }

    private void answerParkedFetches() {
        fetchServer.answerParked(followers, leaderEpoch, highWatermark);
    }

    private void refreshStorage() {
        if (log.refresh() && isLeader()) {
            advanceHighWatermark();
        }
    }

    private void failWaiting(int newEpoch) {
        waiting.values().forEach(f -> f.completeExceptionally(new NotLeaderException(
                "leadership moved to epoch " + newEpoch + " before the append was acknowledged", OptionalInt.empty())));
        waiting.clear();
    }
}
