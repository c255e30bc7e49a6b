package io.chronik.core.raft;

import io.chronik.core.raft.Message.BeginEpoch;
import io.chronik.core.raft.Message.FetchDiverging;
import io.chronik.core.raft.Message.FetchEntries;
import io.chronik.core.raft.Message.FetchLogStart;
import io.chronik.core.raft.Message.FetchRejected;
import io.chronik.core.raft.Message.FetchRequest;
import io.chronik.core.raft.Message.SnapshotChunk;
import io.chronik.core.raft.Message.SnapshotRequest;
import io.chronik.core.raft.Message.VoteRequest;
import io.chronik.core.raft.Message.VoteResponse;
import io.chronik.spi.wal.WalLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Raft voter with Kafka-KRaft-style pull replication, as a pure state machine: it owns no thread,
 * socket, clock or file. A driver feeds it time ({@link #poll}), inbound messages ({@link #handle})
 * and proposals ({@link #propose}), and drains the messages it wants sent ({@link #drainOutbox}).
 * The log lives in a {@link WalLog} (through {@link LocalLog}), the term and vote in a
 * {@link QuorumStateStore}; committed data entries go to the {@link StateMachine}.
 *
 * <h2>Protocol</h2>
 * See {@link Message} for the messages. In short: randomised election timers
 * ({@link ElectionTimer}); a pre-vote round before a real election so a node coming back from a
 * partition cannot depose a healthy leader; one persisted vote per term, only for a log at least as
 * up to date ({@link LogPosition}); a new leader appends a {@link EntryKind#LEADER_CHANGE} entry and
 * commits by the rule of {@link LeaderState}; followers fetch from their (epoch, offset) position and
 * truncate to the end of the last common epoch when the leader reports divergence; a follower
 * reports its durable end with each fetch and sends the next fetch only once everything it appended
 * is durable. The high watermark never moves back within one engine instance; committed data
 * entries are applied in order, once per engine instance.
 *
 * <h2>Snapshots</h2>
 * The engine opens from the newest usable snapshot ({@link SnapshotKeeper}) and applies only the
 * entries after it. The driver asks for a snapshot of the applied state every so many entries
 * ({@link #snapshotIfDue}); the log then frees what the retained snapshots cover. A follower whose
 * position is below the log start is sent the newest snapshot ({@link Message.FetchLogStart}), fetches
 * it chunk by chunk, installs it (state replaced, log started over after it) and fetches on from there.
 *
 * <h2>Threading</h2>
 * Single-threaded: the driver calls every method from one thread. WAL futures may complete on other
 * threads; the engine only runs the {@code wakeup} hook then, and the driver answers with
 * {@link #poll}. A failed WAL operation makes {@code poll}/{@code handle} throw {@link RaftException}:
 * the driver must stop the node (fail-stop), never retry.
 */
public final class RaftEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RaftEngine.class);
    /**
     * The newest durable entries the log keeps in memory ({@link LocalLog}'s retained tail): each entry
     * is read back right after it is written, to apply it and to ship it. 64 KiB holds hundreds of
     * metadata entries, more than are in flight even with a hundred writers, yet few enough that they
     * die young: with 1 MiB they lived across young collections, which then copied them and paused
     * three times as long (MetadataWriteDriver, BENCHMARKS.md).
     */
    static final int RETAINED_TAIL_BYTES = 64 << 10;

    private final RaftConfig config;
    private final int self;
    private final QuorumStateStore store;
    private final LocalLog log;
    private final StateMachine stateMachine;
    private final ElectionTimer timer;
    private final FetchServer fetchServer;
    private final SnapshotKeeper snapshots;
    private final List<Outbound> outbox = new ArrayList<>();
    private QuorumState quorum;
    private Role role;
    private long highWatermark;
    private long applied;
    private long now;
    /** Leader only: the high watermark when each follower's previous fetch was answered or parked. */
    private final Map<Integer, Long> committedAtLastFetch = new HashMap<>();
    /** The last term in which this engine knew a leader (-1: none since it started). */
    private int termOfKnownLeader = -1;

    /**
     * Opens the engine over durable state: the newest usable snapshot in {@code snapshotStore} (restored
     * into {@code stateMachine}), the log after it in {@code wal}, the term and vote in {@code store}.
     * It starts as a follower without a leader.
     *
     * @param wakeup run (possibly on a WAL thread) when a storage operation completes; the driver
     *               should then call {@link #poll} on its own thread
     * @throws RaftException if the log does not reach back to the snapshot restored (or to offset 0
     *                       without one): committed entries would be missing
     */
    public RaftEngine(RaftConfig config, QuorumStateStore store, WalLog wal, StateMachine stateMachine,
                      SnapshotStore snapshotStore, Random random, Runnable wakeup, long nowMs) {
        this.config = config;
        this.self = config.nodeId();
        this.store = store;
        this.stateMachine = stateMachine;
        this.timer = new ElectionTimer(random, config.electionTimeoutMs());
        this.snapshots = new SnapshotKeeper(snapshotStore, stateMachine, self);
        LogPosition restored = snapshots.restoreNewest();
        this.log = new LocalLog(wal, EntryCodec.FORMAT, restored, false, RETAINED_TAIL_BYTES, wakeup);
        snapshots.dropUnusable();
        this.highWatermark = restored.endOffset();
        this.applied = restored.endOffset();
        this.fetchServer = new FetchServer(log, config.maxFetchBytes(), config.fetchMaxWaitMs(), outbox,
                (term, fetchOffset, hw, records) -> new FetchEntries(term, fetchOffset, hw,
                        records.stream().map(EntryCodec::decode).toList()),
                logStart -> snapshots.newest().orElse(logStart));
        this.quorum = store.load();
        this.now = nowMs;
        this.role = new Role.Follower(OptionalInt.empty(), timer.deadline(nowMs), nowMs);
    }

    // ---------------------------------------------------------------- driver API

    /** Advances time: storage completions, election and fetch timers, parked fetches, check-quorum. */
    public void poll(long nowMs) {
        now = nowMs;
        refreshStorage();
        if (role instanceof Role.Follower f) {
            if (now >= f.electionDeadline) {
                startPreVote();
            } else if (f.fetchInFlight && now >= f.fetchRetryAtMs) {
                f.fetchInFlight = false; // the request or its answer was lost: ask again
            }
        } else if (role instanceof Role.PreCandidate p && now >= p.electionDeadline()) {
            startPreVote();
        } else if (role instanceof Role.Candidate c && now >= c.electionDeadline()) {
            startPreVote();
        } else if (role instanceof Role.Leader l) {
            pollLeader(l.state());
        }
        maybeFetch();
    }

    /** Handles one message from voter {@code fromNode}. Messages from non-voters are dropped. */
    public void handle(int fromNode, Message message, long nowMs) {
        now = nowMs;
        if (fromNode == self || !config.voters().contains(fromNode)) {
            LOG.warn("node {}: dropped {} from {}, which is not another voter", self, message, fromNode);
            return;
        }
        refreshStorage();
        if (message instanceof VoteRequest m) {
            onVoteRequest(fromNode, m);
        } else if (message instanceof VoteResponse m) {
            onVoteResponse(fromNode, m);
        } else if (message instanceof BeginEpoch m) {
            onBeginEpoch(fromNode, m);
        } else if (message instanceof FetchRequest m) {
            onFetchRequest(fromNode, m);
        } else if (message instanceof FetchEntries m) {
            onFetchEntries(fromNode, m);
        } else if (message instanceof FetchDiverging m) {
            onFetchDiverging(fromNode, m);
        } else if (message instanceof FetchRejected m) {
            onFetchRejected(m);
        } else if (message instanceof FetchLogStart m) {
            onFetchLogStart(fromNode, m);
        } else if (message instanceof SnapshotRequest m) {
            onSnapshotRequest(fromNode, m);
        } else if (message instanceof SnapshotChunk m) {
            onSnapshotChunk(fromNode, m);
        }
        maybeFetch();
    }

    /**
     * Appends {@code payload} as a data entry of the current term.
     *
     * @return a future completed (on the engine thread) with the entry's offset once committed, or
     *         with {@link NotLeaderException} if leadership ends first (outcome then unknown)
     * @throws NotLeaderException if this node is not the leader
     */
    public CompletableFuture<Long> propose(ByteBuffer payload) {
        if (!(role instanceof Role.Leader l)) {
            throw new NotLeaderException("node " + self + " is not the leader of term " + quorum.term(), leaderId());
        }
        long offset = log.endOffset();
        log.append(EntryCodec.stored(new LogEntry(offset, quorum.term(), EntryKind.DATA, payload)));
        CompletableFuture<Long> f = l.state().awaitCommit(offset);
        fetchServer.answerParked(l.state().followers(), quorum.term(), highWatermark);
        return f;
    }

    /**
     * Snapshots the applied state if at least {@code intervalEntries} entries were applied since the
     * newest snapshot (or the start), then lets the log free what the retained snapshots cover.
     *
     * @return whether a snapshot was taken
     */
    public boolean snapshotIfDue(long intervalEntries) {
        long last = snapshots.newest().map(LogPosition::endOffset).orElse(0L);
        if (applied - last < intervalEntries || applied <= log.start().endOffset()) {
            return false;
        }
        LogPosition id = new LogPosition(log.epochAt(applied - 1), applied);
        snapshots.take(id).ifPresent(log::advanceStart);
        LOG.debug("node {}: snapshot {} taken, log starts at {}", self, id, log.start());
        return true;
    }

    /** The messages produced since the last call, in the order they should be sent. */
    public List<Outbound> drainOutbox() {
        List<Outbound> out = List.copyOf(outbox);
        outbox.clear();
        return out;
    }

    // ---------------------------------------------------------------- observers

    public int nodeId() {
        return self;
    }

    public int term() {
        return quorum.term();
    }

    public RoleKind role() {
        return role.kind();
    }

    /** The leader of the current term as this node knows it. */
    public OptionalInt leaderId() {
        if (role instanceof Role.Leader) {
            return OptionalInt.of(self);
        }
        return role instanceof Role.Follower f ? f.leaderId : OptionalInt.empty();
    }

    /** The end offset of the committed prefix as this node knows it. */
    public long highWatermark() {
        return highWatermark;
    }

    /** The position after the last local entry, durable or not. */
    public LogPosition lastPosition() {
        return log.lastPosition();
    }

    /** Where the local log starts (see {@link LocalLog}): the end of the oldest retained snapshot, or (0, 0). */
    public LogPosition logStart() {
        return log.start();
    }

    /** The offset after the last entry applied to the state machine (snapshot included). */
    public long appliedEnd() {
        return applied;
    }

    /** The offset before which every local entry is durable. */
    public long durableEnd() {
        return log.durableEnd();
    }

    /** Local entries from {@code fromOffset}, within {@code maxBytes} (at least one if any). */
    public List<LogEntry> read(long fromOffset, int maxBytes) {
        return log.read(fromOffset, maxBytes).stream().map(EntryCodec::decode).toList();
    }

    // ---------------------------------------------------------------- elections

    private void startPreVote() {
        snapshots.abortDownload();
        VoteTally tally = newTally();
        role = new Role.PreCandidate(tally, timer.deadline(now));
        LOG.debug("node {}: pre-vote for term {}", self, quorum.term() + 1);
        if (tally.won()) {
            becomeCandidate();
            return;
        }
        broadcast(new VoteRequest(quorum.term() + 1, self, log.lastPosition(), true));
    }

    private void becomeCandidate() {
        saveQuorum(new QuorumState(quorum.term() + 1, OptionalInt.of(self)));
        VoteTally tally = newTally();
        role = new Role.Candidate(tally, timer.deadline(now));
        LOG.debug("node {}: candidate for term {}", self, quorum.term());
        if (tally.won()) {
            becomeLeader();
            return;
        }
        broadcast(new VoteRequest(quorum.term(), self, log.lastPosition(), false));
    }

    private void becomeLeader() {
        List<Integer> others = otherVoters();
        LeaderState state = new LeaderState(quorum.term(), log.endOffset(), others, config.majority(), now);
        committedAtLastFetch.clear();
        role = new Role.Leader(state);
        termOfKnownLeader = quorum.term();
        LOG.info("node {}: leader of term {} from offset {}", self, quorum.term(), log.endOffset());
        ByteBuffer leader = ByteBuffer.allocate(Integer.BYTES).putInt(0, self);
        log.append(EntryCodec.stored(new LogEntry(log.endOffset(), quorum.term(), EntryKind.LEADER_CHANGE, leader)));
        state.beginEpochDue(now, config.fetchMaxWaitMs());
        broadcast(new BeginEpoch(quorum.term(), self));
    }

    /** Becomes a follower of {@code term}, adopting (and persisting) the term if it is new. */
    private void becomeFollower(int term, OptionalInt leader) {
        if (role instanceof Role.Leader l) {
            l.state().resign(leader);
        }
        if (term > quorum.term()) {
            saveQuorum(new QuorumState(term, OptionalInt.empty()));
        }
        snapshots.abortDownload(); // a new leader serves its own snapshots; it tells this node which if needed
        role = new Role.Follower(leader, timer.deadline(now), now);
        if (leader.isPresent()) {
            termOfKnownLeader = quorum.term();
        }
        LOG.debug("node {}: follower of term {}, leader {}", self, term, leader);
    }

    private void onVoteRequest(int from, VoteRequest m) {
        if (m.preVote()) {
            boolean grant = m.term() > quorum.term() && m.lastPosition().atLeast(log.lastPosition())
                    && !hearsFromLeader();
            send(from, new VoteResponse(quorum.term(), grant, true, leaderId()));
            return;
        }
        if (m.term() > quorum.term()) {
            becomeFollower(m.term(), OptionalInt.empty());
        }
        boolean grant = m.term() == quorum.term()
                && !(role instanceof Role.Leader)
                && (quorum.votedFor().isEmpty() || quorum.votedFor().getAsInt() == from)
                && m.lastPosition().atLeast(log.lastPosition());
        if (grant) {
            saveQuorum(new QuorumState(quorum.term(), OptionalInt.of(from)));
            if (role instanceof Role.Follower f) {
                f.electionDeadline = timer.deadline(now);
            }
        }
        send(from, new VoteResponse(quorum.term(), grant, false, leaderId()));
    }

    private boolean hearsFromLeader() {
        if (role instanceof Role.Leader) {
            return true;
        }
        return role instanceof Role.Follower f && f.leaderId.isPresent()
                && now - f.lastLeaderContactMs < config.electionTimeoutMs();
    }

    private void onVoteResponse(int from, VoteResponse m) {
        OptionalInt hint = m.leaderId().isPresent() && m.leaderId().getAsInt() != self ? m.leaderId() : OptionalInt.empty();
        if (m.term() > quorum.term()) {
            becomeFollower(m.term(), hint);
            return;
        }
        if (m.term() == quorum.term() && hint.isPresent() && termOfKnownLeader != quorum.term()) {
            // e.g. this node restarted inside the term; a leader it already followed and lost is not retried
            acceptLeader(m.term(), hint.getAsInt());
            return;
        }
        if (m.preVote() && role instanceof Role.PreCandidate p) {
            p.tally().record(from, m.granted());
            if (p.tally().won()) {
                becomeCandidate();
            }
        } else if (!m.preVote() && m.term() == quorum.term() && role instanceof Role.Candidate c) {
            c.tally().record(from, m.granted());
            if (c.tally().won()) {
                becomeLeader();
            }
        }
    }

    private void onBeginEpoch(int from, BeginEpoch m) {
        if (m.term() < quorum.term() || m.leaderId() != from) {
            return;
        }
        acceptLeader(m.term(), from);
    }

    /**
     * Accepts {@code leader} as the leader of {@code term} (not older than ours).
     *
     * @return the follower role, or null if this node itself leads that term (then the message is
     *         ignored: two leaders of one term would be a safety bug, and is logged as one)
     */
    private Role.Follower acceptLeader(int term, int leader) {
        if (term == quorum.term() && role instanceof Role.Leader) {
            LOG.error("node {}: node {} claims to lead term {}, which this node leads", self, leader, term);
            return null;
        }
        if (term > quorum.term() || !(role instanceof Role.Follower f) || f.leaderId.isEmpty()) {
            becomeFollower(term, OptionalInt.of(leader));
        }
        Role.Follower f = (Role.Follower) role;
        f.lastLeaderContactMs = now;
        f.electionDeadline = timer.deadline(now);
        return f;
    }

    // ---------------------------------------------------------------- replication, follower side

    private void maybeFetch() {
        if (role instanceof Role.Follower f && f.leaderId.isPresent() && !f.fetchInFlight
                && log.durableEnd() == log.endOffset()) {
            f.fetchInFlight = true;
            f.fetchRetryAtMs = now + config.fetchMaxWaitMs() + config.fetchTimeoutMs();
            send(f.leaderId.getAsInt(), snapshots.downloading() ? snapshots.nextRequest(quorum.term())
                    : new FetchRequest(quorum.term(), log.lastPosition(), log.durableEnd()));
        }
    }

    private void onFetchLogStart(int from, FetchLogStart m) {
        Role.Follower f = fetchAnswerFromLeader(from, m.term());
        if (f == null || m.fetchOffset() != log.endOffset()) {
            return;
        }
        if (m.restart().endOffset() < applied) {
            throw new RaftException("node " + self + ": leader " + from + " offers snapshot " + m.restart()
                    + ", behind the " + applied + " entries this node applied");
        }
        snapshots.beginDownload(m.restart());
    }

    private void onSnapshotChunk(int from, SnapshotChunk m) {
        Role.Follower f = fetchAnswerFromLeader(from, m.term());
        if (f == null) {
            return;
        }
        snapshots.receive(m).ifPresent(installed -> {
            log.resetTo(installed);
            highWatermark = Math.max(highWatermark, installed.endOffset());
            applied = installed.endOffset();
        });
    }

    private void onFetchEntries(int from, FetchEntries m) {
        Role.Follower f = fetchAnswerFromLeader(from, m.term());
        if (f == null || m.fetchOffset() != log.endOffset()) {
            return;
        }
        for (LogEntry entry : m.entries()) {
            log.append(EntryCodec.stored(entry));
        }
        long known = Math.min(m.highWatermark(), log.endOffset());
        if (known > highWatermark) {
            highWatermark = known;
            applyCommitted();
        }
    }

    private void onFetchDiverging(int from, FetchDiverging m) {
        Role.Follower f = fetchAnswerFromLeader(from, m.term());
        if (f == null || m.fetchOffset() != log.endOffset()) {
            return;
        }
        long newEnd = log.truncateToDivergence(m.divergence(), highWatermark);
        LOG.debug("node {}: log diverged from leader {} at {}, truncated to {}", self, from, m.divergence(), newEnd);
    }

    private void onFetchRejected(FetchRejected m) {
        if (m.term() < quorum.term()) {
            return;
        }
        if (m.leaderId().isPresent() && m.leaderId().getAsInt() != self) {
            Role.Follower f = acceptLeader(m.term(), m.leaderId().getAsInt());
            if (f != null) {
                f.fetchInFlight = false;
            }
        } else if (m.term() > quorum.term()) {
            becomeFollower(m.term(), OptionalInt.empty());
        } else if (role instanceof Role.Follower f) {
            f.fetchInFlight = false;
        }
        snapshots.abortDownload(); // the leader refuses it (no longer leads, or holds no snapshot): fetch again
    }

    /** Validates a fetch answer's term and sender; returns the follower role to update, or null to ignore. */
    private Role.Follower fetchAnswerFromLeader(int from, int term) {
        if (term < quorum.term()) {
            return null;
        }
        Role.Follower f = acceptLeader(term, from);
        if (f == null || f.leaderId.getAsInt() != from) {
            return null;
        }
        f.fetchInFlight = false;
        return f;
    }

    // ---------------------------------------------------------------- replication, leader side

    /**
     * The leader's state if this node leads the term of a follower's request (adopting a newer term
     * first); otherwise the follower is told whom this node knows as leader.
     */
    private Optional<LeaderState> leaderFor(int from, int term) {
        if (term > quorum.term()) {
            becomeFollower(term, OptionalInt.empty());
        }
        if (term < quorum.term() || !(role instanceof Role.Leader l)) {
            send(from, new FetchRejected(quorum.term(), leaderId()));
            return Optional.empty();
        }
        return Optional.of(l.state());
    }

    private void onFetchRequest(int from, FetchRequest m) {
        Optional<LeaderState> leading = leaderFor(from, m.term());
        if (leading.isEmpty()) {
            return;
        }
        LeaderState state = leading.get();
        FollowerProgress progress = state.progress(from);
        progress.onFetch(now);
        if (!fetchServer.matches(from, quorum.term(), m)) {
            return;
        }
        // The follower's entry before its position has the epoch ours has there, so by log matching
        // its whole prefix up to there equals ours, and its durable part counts for commit.
        progress.onMatchingFetch(m.durableEnd());
        advanceHighWatermark(state);
        Long committedAtPreviousFetch = committedAtLastFetch.put(from, highWatermark);
        if (m.position().endOffset() == log.endOffset()
                && (committedAtPreviousFetch == null || highWatermark > committedAtPreviousFetch)) {
            // Nothing new to carry, but the commit point moved since this follower's last fetch (maybe by
            // this very fetch), and it may not have heard: answer at once instead of parking, or it would
            // learn what is committed only a fetch wait later. At most one such answer per move.
            send(from, new FetchEntries(quorum.term(), m.position().endOffset(), highWatermark, List.of()));
            return;
        }
        fetchServer.answer(from, progress, quorum.term(), m.position().endOffset(), highWatermark, now);
    }

    private void onSnapshotRequest(int from, SnapshotRequest m) {
        Optional<LeaderState> leading = leaderFor(from, m.term());
        if (leading.isEmpty()) {
            return;
        }
        leading.get().progress(from).onFetch(now); // a follower downloading counts as in contact
        Optional<SnapshotChunk> chunk = snapshots.chunk(quorum.term(), m, config.maxFetchBytes());
        send(from, chunk.isPresent() ? chunk.get() : new FetchRejected(quorum.term(), leaderId()));
    }

    private void pollLeader(LeaderState state) {
        if (!state.hasQuorumContact(now, config.checkQuorumTimeoutMs())) {
            LOG.info("node {}: no majority fetched within {} ms, resigning leadership of term {}", self,
                    config.checkQuorumTimeoutMs(), quorum.term());
            becomeFollower(quorum.term(), OptionalInt.empty());
            return;
        }
        fetchServer.answerExpired(state.followers(), quorum.term(), highWatermark, now);
        if (state.beginEpochDue(now, config.fetchMaxWaitMs())) {
            state.followers().forEach((id, p) -> {
                // also to followers gone quiet: one that restarted in this term does not know its leader
                if (!p.fetchedThisTerm() || now - p.lastFetchMs() > config.fetchTimeoutMs()) {
                    send(id, new BeginEpoch(quorum.term(), self));
                }
            });
        }
    }

    private void advanceHighWatermark(LeaderState state) {
        state.commitCandidate(log.durableEnd()).ifPresent(candidate -> {
            if (candidate > highWatermark) {
                highWatermark = candidate;
                applyCommitted();
                state.committed(highWatermark);
                fetchServer.answerParked(state.followers(), quorum.term(), highWatermark);
            }
        });
    }

    // ---------------------------------------------------------------- shared

    private void refreshStorage() {
        if (log.refresh() && role instanceof Role.Leader l) {
            advanceHighWatermark(l.state());
        }
    }

    private void applyCommitted() {
        while (applied < highWatermark) {
            List<LogEntry> entries = log.read(applied, highWatermark, config.maxFetchBytes()).stream()
                    .map(EntryCodec::decode).toList();
            if (entries.isEmpty() || entries.get(0).offset() != applied) {
                throw new RaftException("node " + self + ": committed entry " + applied + " is missing from the log");
            }
            for (LogEntry entry : entries) {
                if (entry.offset() >= highWatermark) {
                    break;
                }
                if (entry.kind() == EntryKind.DATA) {
                    stateMachine.apply(entry);
                }
                applied = entry.offset() + 1;
            }
        }
    }

    private VoteTally newTally() {
        return new VoteTally(self, config.majority());
    }

    private List<Integer> otherVoters() {
        return config.voters().stream().filter(v -> v != self).toList();
    }

    private void broadcast(Message message) {
        otherVoters().forEach(v -> send(v, message));
    }

    private void send(int to, Message message) {
        outbox.add(new Outbound(to, message));
    }

    private void saveQuorum(QuorumState state) {
        store.save(state);
        quorum = state;
    }
}
