package io.chronik.core.raft;

import io.chronik.core.raft.Message.FetchBatches;
import io.chronik.core.raft.Message.FetchDiverging;
import io.chronik.core.raft.Message.FetchLogStart;
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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of a partition log in ISR mode, as a pure state machine like {@link RaftEngine}: no
 * elections here, the controller names the leader and its epoch ({@link #becomeLeader},
 * {@link #becomeFollower}). The log holds Kafka v2 record batches, one WAL record each at its base
 * offset, with the batch's {@code partitionLeaderEpoch} as its epoch ({@link BatchFormat}), so the
 * Kafka read path serves the replicated bytes as they are. Shipping is the quorum's: followers fetch
 * from their (epoch, offset) position, a diverged follower truncates to the end of the last common
 * epoch ({@link LocalLog}), answers ({@link FetchBatches}) are bounded by {@code maxFetchBytes}, one
 * fetch in flight per follower. A follower whose end is below the leader's log start (retention or
 * DeleteRecords freed those batches there) is told the start, drops its log and continues from it.
 *
 * <h2>Leader epochs without a log entry</h2>
 * Unlike the quorum, a new partition leader writes nothing when it takes over: it registers its epoch
 * at its log end in the epoch cache (as Kafka does), and followers learn the epoch with its first
 * batch. The quorum needs its leader-change entry to commit earlier terms' entries by counting a
 * majority (Raft §5.4.2); here the high watermark counts only in-sync replicas whose logs matched the
 * leader's on a fetch, every one of them eligible to lead next, so earlier epochs' batches below it
 * are safe as they are. A control batch would also cost an offset in every partition on every
 * failover and show consumers a gap. What the epoch start is still needed for is Kafka's ISR rule: a
 * follower rejoins only once it holds the leader's log up to where the leader's epoch starts.
 *
 * <h2>Commit rule</h2>
 * The high watermark is the smallest durable end over the in-sync replicas (the leader's own durable
 * end included), and never moves back. An {@code acks=all} append needs an ISR of at least
 * {@code min.insync.replicas} (given with each append, as the topic's config may change) when it is
 * made and when it is acknowledged. A follower that has not
 * been caught up for {@code replicaLagTimeMs} leaves the ISR, so it never blocks the leader; one whose
 * durable end reaches the high watermark and the leader's epoch start rejoins. Every ISR change is
 * accepted by the {@link IsrController} before the leader uses it, and while one is in flight the
 * high watermark counts the larger of the two sets (Kafka's "maximal ISR"), so the controller's ISR
 * always holds every acknowledged record and a leader it picks from that ISR loses none.
 *
 * <h2>Threading</h2>
 * One thread at a time (the driver serialises {@link #poll}, {@link #handle}, {@link #append} and the
 * controller decisions, e.g. under a per-partition lock). WAL and controller futures may complete on
 * any thread: they only run the wakeup hook.
 */
public final class IsrReplica {

    private static final Logger LOG = LoggerFactory.getLogger(IsrReplica.class);

    private IsrConfig config;
    private final int self;
    private final LocalLog log;
    private final IsrController controller;
    private final Runnable wakeup;
    private final FetchServer fetchServer;
    private final List<Outbound> outbox = new ArrayList<>();
    // read without the driver's serialisation by the Kafka read path, hence volatile
    private volatile int leaderEpoch = -1;
    private volatile OptionalInt leaderId = OptionalInt.empty();
    private volatile long highWatermark;
    private long now;
    private Optional<RaftException> failure = Optional.empty();
    // leader state
    private final Set<Integer> isr = new TreeSet<>();
    private Optional<IsrChange> isrChange = Optional.empty();
    private long isrRetryAtMs;
    private long isrShrinks;
    private long isrExpands;
    private final Map<Integer, FollowerProgress> followers = new HashMap<>();
    private final NavigableMap<Long, Waiting> waiting = new TreeMap<>();
    private long epochStartOffset;
    // follower state
    private boolean fetchInFlight;
    private long fetchRetryAtMs;

    /** An acks=all append waiting for the high watermark, and the ISR size it needs when acknowledged. */
    private record Waiting(CompletableFuture<Long> committed, int minInsyncReplicas) {
    }

    /** An ISR change asked of the controller and not yet answered. */
    private record IsrChange(int epoch, SortedSet<Integer> proposed, CompletableFuture<Boolean> accepted) {
    }

    /**
     * Opens the replica over its durable log; it does nothing until the controller names a leader.
     *
     * @param emptyEnd the log end if the WAL holds no batch (the log start DeleteRecords left)
     * @param wakeup   run on any thread when a WAL operation or an ISR change completes; the driver then
     *                 calls {@link #poll}
     */
    public IsrReplica(IsrConfig config, WalLog wal, long emptyEnd, IsrController controller, Runnable wakeup,
                      long nowMs) {
        this.config = config;
        this.self = config.nodeId();
        this.log = new LocalLog(wal, BatchFormat.FORMAT, new LogPosition(0, emptyEnd), true, 0, wakeup);
        this.fetchServer = new FetchServer(log, config.fetchMaxWaitMs(), outbox,
                (term, fetchOffset, hw) -> new FetchBatches(term, fetchOffset, hw,
                        log.readParts(fetchOffset, config.maxFetchBytes())), logStart -> logStart);
        this.controller = controller;
        this.wakeup = wakeup;
        this.now = nowMs;
    }

    // ---------------------------------------------------------------- controller decisions

    /**
     * Leads {@code epoch} with the controller's {@code isr} (which contains this replica). The epoch
     * starts at the current log end.
     */
    public void becomeLeader(int epoch, Set<Integer> newIsr, long nowMs) {
        now = nowMs;
        requireNewEpoch(epoch);
        if (!newIsr.contains(self) || !config.replicas().containsAll(newIsr)) {
            throw new IllegalArgumentException("ISR " + newIsr + " must contain leader " + self
                    + " and only replicas of " + config.replicas());
        }
        refreshStorage();
        failWaiting(epoch);
        leaderEpoch = epoch;
        leaderId = OptionalInt.of(self);
        isr.clear();
        isr.addAll(newIsr);
        isrChange = Optional.empty();
        followers.clear();
        config.replicas().stream().filter(r -> r != self).forEach(r -> followers.put(r, new FollowerProgress(now)));
        epochStartOffset = log.endOffset();
        log.assignEpoch(epoch);
        advanceHighWatermark();
        LOG.debug("replica {}: leader of epoch {} with ISR {} from offset {}", self, epoch, isr, epochStartOffset);
    }

    /** Follows {@code leader} in {@code epoch}. */
    public void becomeFollower(int epoch, int leader, long nowMs) {
        now = nowMs;
        requireNewEpoch(epoch);
        refreshStorage();
        failWaiting(epoch);
        leaderEpoch = epoch;
        leaderId = OptionalInt.of(leader);
        isr.clear();
        isrChange = Optional.empty();
        followers.clear();
        log.dropEmptyEpochs();
        fetchInFlight = false;
        maybeFetch();
    }

    /**
     * The controller found no live in-sync replica to lead {@code epoch}: the partition is offline.
     * This replica neither leads nor fetches until a later decision; appends waiting here fail.
     */
    public void becomeOffline(int epoch, long nowMs) {
        now = nowMs;
        requireNewEpoch(epoch);
        refreshStorage();
        failWaiting(epoch);
        leaderEpoch = epoch;
        leaderId = OptionalInt.empty();
        isr.clear();
        isrChange = Optional.empty();
        followers.clear();
        log.dropEmptyEpochs();
        fetchInFlight = false;
    }

    /**
     * The controller changed the partition's replica set (a reassignment). A set that only grows
     * applies within the current leader epoch: the replica takes messages from the new replicas, and
     * a leader starts tracking them as followers (outside the ISR until they catch up). Any other
     * change comes with a new leader epoch: call this right before the {@link #becomeLeader},
     * {@link #becomeFollower} or {@link #becomeOffline} of that epoch, which starts from the new set.
     *
     * @throws IllegalArgumentException if this replica is not in {@code replicas}
     */
    public void changeReplicas(Set<Integer> replicas, long nowMs) {
        now = nowMs;
        config = config.withReplicas(replicas);
        if (isLeader()) {
            config.replicas().stream().filter(r -> r != self)
                    .forEach(r -> followers.computeIfAbsent(r, added -> new FollowerProgress(now)));
        }
    }

    /**
     * Starts the high watermark at {@code offset}, clamped to the log end: the one this replica had
     * before a restart (a checkpoint), which was committed then, so the replica serves reads up to it
     * at once instead of waiting for its followers or its leader. Only before the first controller
     * decision; the high watermark never moves back.
     *
     * @throws IllegalStateException if the controller decided already
     */
    public void seedHighWatermark(long offset) {
        if (leaderEpoch != -1) {
            throw new IllegalStateException("replica " + self + " is in leader epoch " + leaderEpoch
                    + "; its high watermark can no longer be seeded");
        }
        highWatermark = Math.max(highWatermark, Math.min(offset, log.endOffset()));
    }

    private void requireNewEpoch(int epoch) {
        if (epoch <= leaderEpoch) {
            throw new IllegalArgumentException("leader epoch " + epoch + " is not above the current " + leaderEpoch);
        }
    }

    // ---------------------------------------------------------------- driver API

    /**
     * Checks that this replica may take an append now.
     *
     * @param minInsyncReplicas the ISR size an acks=all append needs (the topic's
     *                          {@code min.insync.replicas}, which may change at any time), 0 for acks=1
     * @throws NotLeaderException if this replica does not lead
     * @throws NotEnoughReplicasException if the ISR is below {@code minInsyncReplicas}
     */
    public void checkAppend(int minInsyncReplicas) {
        if (failure.isPresent()) {
            throw new RaftException("replica " + self + " stopped after a storage failure", failure.get());
        }
        if (!isLeader()) {
            throw new NotLeaderException("replica " + self + " does not lead epoch " + leaderEpoch, leaderId);
        }
        if (isr.size() < minInsyncReplicas) {
            throw new NotEnoughReplicasException("ISR " + isr + " is smaller than min.insync.replicas "
                    + minInsyncReplicas);
        }
    }

    /**
     * Appends one record batch whose base offset is {@link #logEndOffset()} and whose
     * {@code partitionLeaderEpoch} is {@link #leaderEpoch()} (the caller patched both).
     *
     * With one replica, acks=1 and acks=all are the same: the high watermark passes the batch as it
     * becomes durable, and both are answered then (after the high watermark moved, so a consumer told of
     * the acknowledgement can read the batch).
     *
     * @param acksAll           whether to answer when the high watermark passes the batch, rather than
     *                          when the leader's own copy is durable
     * @param minInsyncReplicas for acks=all, the ISR size needed now and when acknowledged
     * @return a future completed with the base offset: for {@code acksAll} once the high watermark
     *         passes the batch, or failed with {@link NotEnoughReplicasException} (ISR shrank below the
     *         minimum) or {@link NotLeaderException} (leadership moved; outcome unknown); otherwise the
     *         WAL's durability future (completed on the WAL's thread)
     * @throws NotLeaderException if this replica does not lead
     * @throws NotEnoughReplicasException if {@code acksAll} and the ISR is below the minimum
     * @throws RaftFormatException if the batch is malformed or not at the log end in this epoch
     */
    public CompletableFuture<Long> append(ByteBuffer batch, boolean acksAll, int minInsyncReplicas) {
        checkAppend(acksAll ? minInsyncReplicas : 0);
        StoredRecord record = BatchFormat.FORMAT.parse(log.endOffset(), batch);
        if (record.epoch() != leaderEpoch) {
            throw new RaftFormatException("batch carries leader epoch " + record.epoch() + ", the leader's is "
                    + leaderEpoch);
        }
        CompletableFuture<Long> durable = log.append(record);
        answerParkedFetches();
        if (!acksAll && config.replicas().size() > 1) {
            return durable;
        }
        CompletableFuture<Long> committed = new CompletableFuture<>();
        waiting.put(record.offset(), new Waiting(committed, acksAll ? minInsyncReplicas : 0));
        return committed;
    }

    /** Advances time: storage and ISR-change completions, fetch retries, parked fetches, ISR shrinking. */
    public void poll(long nowMs) {
        now = nowMs;
        refreshStorage();
        if (failure.isPresent()) {
            return;
        }
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
        if (failure.isPresent()) {
            return;
        }
        if (message instanceof FetchRequest m) {
            onFetchRequest(fromNode, m);
        } else if (message instanceof FetchBatches m && fromLeader(fromNode, m.term(), m.fetchOffset())) {
            fetchInFlight = false;
            onFetchBatches(m);
        } else if (message instanceof FetchDiverging m && fromLeader(fromNode, m.term(), m.fetchOffset())) {
            fetchInFlight = false;
            log.truncateToDivergence(m.divergence(), highWatermark);
        } else if (message instanceof FetchLogStart m && fromLeader(fromNode, m.term(), m.fetchOffset())) {
            fetchInFlight = false;
            startOver(m.restart());
        }
        // a FetchRejected is left to the retry timer: the controller will name the newer leader
        maybeFetch();
    }

    public List<Outbound> drainOutbox() {
        if (outbox.isEmpty()) {
            return List.of();
        }
        List<Outbound> out = List.copyOf(outbox);
        outbox.clear();
        return out;
    }

    // ---------------------------------------------------------------- observers

    public boolean isLeader() {
        return leaderId.isPresent() && leaderId.getAsInt() == self;
    }

    /** The leader this replica knows for its epoch, if any. */
    public OptionalInt leaderId() {
        return leaderId;
    }

    /** The leader epoch of the last controller decision, -1 before the first. */
    public int leaderEpoch() {
        return leaderEpoch;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** The offset the next batch gets: the end of the local log, durable or not. */
    public long logEndOffset() {
        return log.endOffset();
    }

    /** The ISR this replica uses as leader (empty on a follower). */
    public Set<Integer> isr() {
        return Collections.unmodifiableSet(isr);
    }

    public LogPosition lastPosition() {
        return log.lastPosition();
    }

    /** Where the local log starts: the first batch its WAL still holds (see {@link LocalLog}). */
    public LogPosition logStart() {
        return log.start();
    }

    /** Kafka's OffsetForLeaderEpoch answer for {@code epoch}: (epoch found, its end offset), if any. */
    public Optional<LogPosition> endOffsetFor(int epoch) {
        return log.endOffsetFor(epoch);
    }

    /** Batches from the one starting at {@code fromOffset}, within {@code maxBytes} (at least one if any). */
    public List<StoredRecord> read(long fromOffset, int maxBytes) {
        return log.read(fromOffset, maxBytes);
    }

    // ---------------------------------------------------------------- follower side

    private boolean fromLeader(int from, int epoch, long fetchOffset) {
        return epoch == leaderEpoch && leaderId.isPresent() && leaderId.getAsInt() == from && !isLeader()
                && fetchOffset == log.endOffset();
    }

    private void onFetchBatches(FetchBatches m) {
        List<StoredRecord> batches;
        try {
            batches = BatchFormat.FORMAT.split(m.fetchOffset(), m.received());
        } catch (RaftFormatException e) {
            LOG.warn("replica {}: dropped a malformed fetch answer from leader {}: {}", self, leaderId, e.getMessage());
            return;
        }
        batches.forEach(log::append);
        highWatermark = Math.max(highWatermark, Math.min(m.highWatermark(), log.endOffset()));
    }

    /**
     * The leader freed the records after this replica's end (retention, DeleteRecords): drops the whole
     * log and continues at the leader's log start, as Kafka's follower does. Everything below that start
     * is committed on the leader, so the high watermark moves up to it.
     */
    private void startOver(LogPosition leaderStart) {
        LOG.info("replica {}: log end {} is below leader {}'s log start {}; starting the log over there", self,
                log.endOffset(), leaderId, leaderStart);
        log.resetTo(leaderStart);
        highWatermark = Math.max(highWatermark, leaderStart.endOffset());
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
            outbox.add(new Outbound(from, new FetchRejected(Math.max(leaderEpoch, 0), leaderId)));
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
        if (!isr.contains(from) && progress.durableEnd() >= Math.max(highWatermark, epochStartOffset)) {
            alterIsr(from, true);
        }
        advanceHighWatermark();
        fetchServer.answer(from, progress, leaderEpoch, position.endOffset(), highWatermark, now);
    }

    /**
     * Takes the ISR the controller committed for this leader's epoch when the controller changed it on
     * its own: it fences a broker and drops it from every ISR, so the leader need not wait out the
     * replica lag time before acks=all appends complete again. Ignored unless this replica leads
     * {@code epoch}, no change of its own is in flight and {@code committed} holds the leader. Safe: the
     * controller elects the next leader from its committed ISR, so a smaller one loses nothing.
     */
    public void adoptControllerIsr(int epoch, Set<Integer> committed, long nowMs) {
        now = nowMs;
        if (!isLeader() || epoch != leaderEpoch || isrChange.isPresent() || !committed.contains(self)
                || committed.equals(isr) || !config.replicas().containsAll(committed)) {
            return;
        }
        LOG.info("replica {}: ISR of epoch {} {} -> {}, as the controller recorded it", self, epoch, isr, committed);
        countIsrChange(isr.size(), committed.size());
        isr.clear();
        isr.addAll(committed);
        advanceHighWatermark();
    }

    private void countIsrChange(int before, int after) {
        if (after < before) {
            isrShrinks++;
        } else if (after > before) {
            isrExpands++;
        }
    }

    /** How many times this replica, leading, shrank its ISR. */
    public long isrShrinks() {
        return isrShrinks;
    }

    /** How many times this replica, leading, grew its ISR. */
    public long isrExpands() {
        return isrExpands;
    }

    /**
     * How far {@code follower} is behind this leader: the records after its durable end; empty unless
     * this replica leads and {@code follower} is another replica of the partition.
     */
    public OptionalLong followerLag(int follower) {
        FollowerProgress progress = isLeader() ? followers.get(follower) : null;
        return progress == null ? OptionalLong.empty()
                : OptionalLong.of(Math.max(0, log.endOffset() - progress.durableEnd()));
    }

    /** Asks to drop the first lagging follower (one change at a time; an accepted one moves the HW). */
    private void shrinkIsr() {
        for (int follower : isr) {
            if (follower != self && now - followers.get(follower).lastCaughtUpMs() > config.replicaLagTimeMs()) {
                alterIsr(follower, false);
                return;
            }
        }
    }

    /**
     * Asks the controller for one change at a time; the leader keeps its ISR until it is accepted. After
     * a refusal or failure it waits {@code fetchTimeoutMs} before asking again.
     */
    private void alterIsr(int follower, boolean add) {
        if (isrChange.isPresent() || now < isrRetryAtMs) {
            return;
        }
        SortedSet<Integer> proposed = new TreeSet<>(isr);
        if (add) {
            proposed.add(follower);
        } else {
            proposed.remove(follower);
        }
        CompletableFuture<Boolean> accepted = controller.alterIsr(self, leaderEpoch, proposed);
        isrChange = Optional.of(new IsrChange(leaderEpoch, proposed, accepted));
        if (accepted.isDone()) {
            completeIsrChange();
        } else {
            accepted.whenComplete((r, e) -> wakeup.run());
        }
    }

    /** Applies the controller's answer to the ISR change in flight, once it came. */
    private void completeIsrChange() {
        if (isrChange.isEmpty() || !isrChange.get().accepted().isDone()) {
            return;
        }
        IsrChange change = isrChange.get();
        isrChange = Optional.empty();
        boolean accepted = change.accepted().handle((ok, e) -> {
            if (e != null) {
                LOG.debug("replica {}: ISR change {} not recorded ({}); will ask again", self, change.proposed(),
                        e.toString());
            }
            return e == null && ok;
        }).join();
        if (!accepted) {
            isrRetryAtMs = now + config.fetchTimeoutMs();
        } else if (isLeader() && change.epoch() == leaderEpoch) {
            LOG.debug("replica {}: ISR of epoch {} {} -> {}", self, leaderEpoch, isr, change.proposed());
            countIsrChange(isr.size(), change.proposed().size());
            isr.clear();
            isr.addAll(change.proposed());
            advanceHighWatermark();
        }
    }

    private void advanceHighWatermark() {
        long min = Math.min(log.durableEnd(), minFollowerDurableEnd(isr));
        if (isrChange.isPresent()) {
            min = Math.min(min, minFollowerDurableEnd(isrChange.get().proposed()));
        }
        if (min > highWatermark) {
            highWatermark = min;
            answerParkedFetches();
        }
        Map<Long, Waiting> done = waiting.headMap(highWatermark, false);
        done.forEach((offset, w) -> {
            if (isr.size() >= w.minInsyncReplicas()) {
                w.committed().complete(offset);
            } else {
                w.committed().completeExceptionally(new NotEnoughReplicasException("offset " + offset
                        + " committed with ISR " + isr + ", smaller than min.insync.replicas " + w.minInsyncReplicas()));
            }
        });
        done.clear();
    }

    private long minFollowerDurableEnd(Set<Integer> members) {
        long min = Long.MAX_VALUE;
        for (int member : members) {
            if (member != self) {
                min = Math.min(min, followers.get(member).durableEnd());
            }
        }
        return min;
    }

    private void answerParkedFetches() {
        fetchServer.answerParked(followers, leaderEpoch, highWatermark);
    }

    /**
     * Picks up completed WAL operations. A failed one stops the replica for good (fail-stop): waiting
     * appends fail with it, later appends are refused, it neither fetches nor serves fetches, and its
     * high watermark stays where it was (what is below it was durable, and may still be read).
     */
    private void refreshStorage() {
        if (failure.isPresent()) {
            return;
        }
        boolean durableMoved;
        try {
            durableMoved = log.refresh();
        } catch (RaftException e) {
            LOG.error("replica {}: storage failed, the replica stops", self, e);
            failure = Optional.of(e);
            waiting.values().forEach(w -> w.committed().completeExceptionally(e));
            waiting.clear();
            return;
        }
        if (isLeader()) {
            completeIsrChange();
            if (durableMoved) {
                advanceHighWatermark();
            }
        }
    }

    private void failWaiting(int newEpoch) {
        waiting.values().forEach(w -> w.committed().completeExceptionally(new NotLeaderException(
                "leadership moved to epoch " + newEpoch + " before the append was acknowledged", OptionalInt.empty())));
        waiting.clear();
    }
}
