package io.chronik.core.cluster;

import io.chronik.api.ChronikException;
import io.chronik.core.metadata.MetadataCommand;
import io.chronik.core.metadata.MetadataCommandCodec;
import io.chronik.core.metadata.MetadataImage;
import io.chronik.core.metadata.MetadataSnapshotCodec;
import io.chronik.core.metadata.MetadataStateMachine;
import io.chronik.core.metadata.MetadataStateMachine.Applied;
import io.chronik.core.raft.LogEntry;
import io.chronik.core.raft.Message;
import io.chronik.core.raft.MessageCodec;
import io.chronik.core.raft.NotLeaderException;
import io.chronik.core.raft.Outbound;
import io.chronik.core.raft.QuorumStateStore;
import io.chronik.core.raft.RaftConfig;
import io.chronik.core.raft.RaftEngine;
import io.chronik.core.raft.RaftFormatException;
import io.chronik.core.raft.RoleKind;
import io.chronik.core.raft.SnapshotStore;
import io.chronik.core.raft.StateMachine;
import io.chronik.spi.Time;
import io.chronik.spi.wal.WalLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the metadata quorum: one thread owns a {@link RaftEngine} over the WAL log
 * {@value #LOG_NAME} and applies its committed data entries, each a {@link MetadataCommandCodec}
 * command, to the {@link MetadataStateMachine}, in order, on every node.
 *
 * <h2>The driver thread</h2>
 * It runs tasks from a queue (inbound messages, proposals, WAL wakeups), then polls the engine, sends
 * the engine's outbox through the {@link PeerRouter} on {@link PeerChannel#METADATA}, publishes a
 * {@link QuorumStatus} and completes the {@link #awaitApplied} waiters; without tasks it wakes every
 * {@value #POLL_INTERVAL_MS} ms for the engine's timers. Inbound messages are copied and decoded on the
 * transport's thread ({@link MessageCodec}; a malformed one is dropped and logged) and handed over, so
 * the transport never waits for the engine. A failed WAL operation stops the driver (fail-stop): the
 * quorum then answers nothing and every waiter fails.
 *
 * <h2>Snapshots and replay</h2>
 * On start the engine restores the newest usable snapshot ({@link MetadataSnapshotCodec}, kept in a
 * {@link SnapshotStore}) into the state machine and re-delivers the committed entries after it.
 * Every {@code snapshotIntervalEntries} applied entries the driver snapshots the state on its own
 * thread (a few milliseconds for thousands of topics) and the log frees what the snapshots cover, so
 * both the log and the replay stay bounded. A node that installs its leader's snapshot while running
 * tells its listener with {@link Applied.SnapshotRestored}. {@link #caughtUp()} completes once the
 * state holds every entry that was in the local log at start and is committed (at once for an empty
 * log), so the node can tell a replay (whose intermediate states it must not act on) from live changes.
 *
 * <h2>A quorum of one</h2>
 * With this node as the only voter the engine elects it within milliseconds and commits each entry
 * once the local WAL has it durable: the zero-config single node.
 *
 * <h2>Threading</h2>
 * Every public method may be called from any thread and never blocks (except {@link #close}).
 * Futures complete on the driver thread: callers must not block in their callbacks.
 */
public final class MetadataQuorum implements AutoCloseable {

    /** The WAL log holding the metadata entries. */
    public static final String LOG_NAME = "__cluster_metadata";
    static final long POLL_INTERVAL_MS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(MetadataQuorum.class);

    /** A committed command: where it is in the log and what applying it did. */
    public record Committed(long offset, Applied applied) {
    }

    private final int self;
    private final Time time;
    private final PeerRouter router;
    private final MetadataStateMachine state;
    private final RaftEngine engine;
    private final long snapshotIntervalEntries;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Map<Long, Applied> appliedForProposals = new HashMap<>();
    /** Proposals committed in the current step, answered after its status is published. */
    private final List<Runnable> afterPublish = new ArrayList<>();
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> applyWaiters = new ConcurrentSkipListMap<>();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final CompletableFuture<RuntimeException> failed = new CompletableFuture<>();
    private final long initialEnd;
    private final Timer commitLatency;
    private final Counter elections;
    private final Counter snapshotsTaken;
    private final Thread driver;
    private volatile Consumer<Applied> listener = applied -> { };
    private volatile QuorumStatus status = QuorumStatus.STARTING;
    /** The offset of the last applied data entry, -1 before the first. */
    private volatile long lastApplied = -1;
    private volatile boolean running = true;
    /** Where the local log starts (published by the driver): entries below it are in snapshots. */
    private volatile long logStartOffset;
    /** The size of the last snapshot this node took, 0 before the first. */
    private volatile long lastSnapshotBytes;
    private volatile Optional<RuntimeException> failure = Optional.empty();
    private long leaderReadyAt = Long.MAX_VALUE;

    /**
     * Opens the engine over {@code snapshots}, {@code log} and {@code store} (restoring the newest
     * usable snapshot into {@code state}); nothing runs until {@link #start}.
     *
     * @param router                  carries the quorum's messages; a quorum of one never sends any
     * @param snapshotIntervalEntries how many entries are applied between two snapshots
     */
    public MetadataQuorum(RaftConfig config, QuorumStateStore store, WalLog log, SnapshotStore snapshots,
                          long snapshotIntervalEntries, PeerRouter router, MetadataStateMachine state, Time time,
                          MeterRegistry meters) {
        if (snapshotIntervalEntries < 1) {
            throw new IllegalArgumentException("snapshot interval must be at least 1 entry, was "
                    + snapshotIntervalEntries);
        }
        this.self = config.nodeId();
        this.time = time;
        this.router = router;
        this.state = state;
        this.snapshotIntervalEntries = snapshotIntervalEntries;
        this.engine = new RaftEngine(config, store, log, new Applier(), snapshots, new Random(), this::wakeup,
                time.milliseconds());
        this.lastApplied = state.lastAppliedOffset();
        this.logStartOffset = engine.logStart().endOffset();
        this.initialEnd = engine.lastPosition().endOffset();
        this.commitLatency = Timer.builder("chronik.metadata.commit.latency")
                .description("From proposing a metadata command on the leader to its commit and apply")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.elections = Counter.builder("chronik.metadata.elections")
                .description("Metadata quorum terms this node saw begin (one per election)")
                .register(meters);
        Gauge.builder("chronik.metadata.term", this, q -> q.status.term())
                .description("The metadata quorum's current term as this node knows it")
                .register(meters);
        this.snapshotsTaken = Counter.builder("chronik.metadata.snapshots")
                .description("Snapshots of the metadata state this node took (each lets it free the log below"
                        + " the older of the two it keeps)")
                .register(meters);
        Gauge.builder("chronik.metadata.snapshot.bytes", this, q -> q.lastSnapshotBytes)
                .description("The size of the last metadata snapshot this node took")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("chronik.metadata.log.start", this, q -> q.logStartOffset)
                .description("The offset where this node's metadata log starts; the entries below are in snapshots")
                .register(meters);
        this.driver = new Thread(this::run, "chronik-metadata-quorum-" + self);
        driver.setDaemon(true);
    }

    /**
     * Starts the driver; from now on every applied command is also passed to {@code appliedListener}
     * on the driver thread (the replay included: see {@link #caughtUp()}).
     */
    public void start(Consumer<Applied> appliedListener) {
        this.listener = appliedListener;
        router.register(PeerChannel.METADATA, this::onMessage);
        driver.start();
        LOG.info("node {}: metadata quorum started with {} entries in its log", self, initialEnd);
    }

    /**
     * Proposes {@code command} on this node, which must lead.
     *
     * @return completes (on the driver thread) once the command is committed and applied here, with
     *         what it did; exceptionally with {@link NotLeaderException} if this node does not lead or
     *         loses leadership first (the outcome is then unknown)
     */
    public CompletableFuture<Committed> propose(MetadataCommand command) {
        ByteBuffer payload = MetadataCommandCodec.encode(command, time.milliseconds());
        CompletableFuture<Committed> result = track(new CompletableFuture<>());
        submit(result, () -> {
            long start = time.nanoseconds();
            CompletableFuture<Long> commit;
            try {
                commit = engine.propose(payload);
            } catch (NotLeaderException e) {
                result.completeExceptionally(e);
                return;
            }
            long offset = engine.lastPosition().endOffset() - 1;
            appliedForProposals.put(offset, null);
            commit.whenComplete((committed, error) -> {
                Applied applied = appliedForProposals.remove(offset);
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    commitLatency.record(time.nanoseconds() - start, TimeUnit.NANOSECONDS);
                    // answered once the status shows the commit too, so a caller's next look agrees
                    afterPublish.add(() -> result.complete(new Committed(committed, applied)));
                }
            });
        });
        return result;
    }

    /** Completes (on the driver thread) once the entry at {@code offset} is committed and applied here. */
    public CompletableFuture<Void> awaitApplied(long offset) {
        if (applied(offset)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> waiter = applyWaiters.computeIfAbsent(offset, o -> track(new CompletableFuture<>()));
        failure.ifPresent(waiter::completeExceptionally);
        if (applied(offset)) {
            waiter.complete(null);
        }
        return waiter;
    }

    /** Whether the entry at {@code offset} is applied (the status is published only after each step). */
    private boolean applied(long offset) {
        return lastApplied >= offset || status.highWatermark() > offset;
    }

    /** Completes once the state holds the committed part of the log found at start. */
    public CompletableFuture<Void> caughtUp() {
        return caughtUp;
    }

    /** Completes with the cause if the quorum fails and stops (a WAL failure); never completes on {@link #close}. */
    public CompletableFuture<RuntimeException> failed() {
        return failed;
    }

    public QuorumStatus status() {
        return status;
    }

    /** The offset where this node's metadata log starts: the entries below it are covered by snapshots. */
    public long logStartOffset() {
        return logStartOffset;
    }

    public int nodeId() {
        return self;
    }

    public MetadataStateMachine state() {
        return state;
    }

    /** Whether this node leads and may validate writes against its state ({@link QuorumStatus#leaderReady()}). */
    public boolean leaderReady() {
        return status.leaderReady();
    }

    // ------------------------------------------------------------------ driver thread

    private void run() {
        while (running) {
            try {
                Runnable task = tasks.poll(POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
                while (task != null && running) {
                    task.run();
                    task = tasks.poll();
                }
                engine.poll(time.milliseconds());
                afterStep();
                snapshotIfDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("node {}: the metadata quorum failed and stops (fail-stop)", self, e);
                fail(e);
                failed.complete(e);
                return;
            }
        }
    }

    private void snapshotIfDue() {
        long start = time.nanoseconds();
        if (engine.snapshotIfDue(snapshotIntervalEntries)) {
            snapshotsTaken.increment();
            LOG.info("node {}: metadata snapshot at offset {} ({} topics, {} bytes) took {} ms; the log starts at {}",
                    self, engine.appliedEnd(), state.topics().size(), lastSnapshotBytes,
                    TimeUnit.NANOSECONDS.toMillis(time.nanoseconds() - start), engine.logStart().endOffset());
        }
    }

    /** The engine's view of the state machine: commands in, snapshots out and in. Driver thread. */
    private final class Applier implements StateMachine {
        @Override
        public void apply(LogEntry entry) {
            Applied applied = state.apply(entry.offset(), MetadataCommandCodec.decode(entry.payload()));
            lastApplied = entry.offset();
            if (appliedForProposals.containsKey(entry.offset())) {
                appliedForProposals.put(entry.offset(), applied);
            }
            listener.accept(applied);
        }

        @Override
        public ByteBuffer snapshot() {
            ByteBuffer bytes = MetadataSnapshotCodec.encode(state.image());
            lastSnapshotBytes = bytes.remaining();
            return bytes;
        }

        @Override
        public void restore(ByteBuffer snapshot) {
            MetadataImage image = MetadataSnapshotCodec.decode(snapshot);
            state.restore(image);
            lastApplied = image.lastAppliedOffset();
            listener.accept(new Applied.SnapshotRestored(image.lastAppliedOffset()));
        }
    }

    private void afterStep() {
        for (Outbound out : engine.drainOutbox()) {
            // a snapshot chunk travels as the body
            router.send(out.toNode(), PeerChannel.METADATA, MessageCodec.encode(out.message()),
                    MessageCodec.body(out.message()));
        }
        QuorumStatus before = status;
        RoleKind role = engine.role();
        if (role == RoleKind.LEADER && (before.role() != RoleKind.LEADER || before.term() != engine.term())) {
            leaderReadyAt = engine.lastPosition().endOffset();
        } else if (role != RoleKind.LEADER) {
            leaderReadyAt = Long.MAX_VALUE;
        }
        long hw = engine.highWatermark();
        QuorumStatus now = new QuorumStatus(role, engine.term(), engine.leaderId(), engine.lastPosition().endOffset(),
                hw, hw >= leaderReadyAt);
        status = now;
        logStartOffset = engine.logStart().endOffset();
        if (now.term() > before.term() && before != QuorumStatus.STARTING) {
            elections.increment(now.term() - before.term());
        }
        if (!now.leader().equals(before.leader()) && now.leader().isPresent()) {
            LOG.info("node {}: metadata leader of term {} is node {}", self, now.term(), now.leader().getAsInt());
        }
        List<Runnable> due = List.copyOf(afterPublish);
        afterPublish.clear();
        due.forEach(Runnable::run);
        while (!applyWaiters.isEmpty() && applyWaiters.firstKey() < hw) {
            applyWaiters.pollFirstEntry().getValue().complete(null);
        }
        if (!caughtUp.isDone() && (hw >= initialEnd
                || (now.leader().isPresent() && hw == now.endOffset() && engine.durableEnd() == hw))) {
            caughtUp.complete(null);
        }
    }

    private void onMessage(int fromNode, ByteBuffer message, ByteBuffer body) {
        Message decoded;
        try {
            ByteBuffer copy = ByteBuffer.allocate(message.remaining()).put(message.duplicate()).flip();
            ByteBuffer bodyCopy = ByteBuffer.allocate(body.remaining()).put(body.duplicate()).flip();
            decoded = MessageCodec.decode(copy, bodyCopy);
        } catch (RaftFormatException e) {
            LOG.warn("node {}: dropped a malformed metadata quorum message from node {}: {}", self, fromNode,
                    e.getMessage());
            return;
        }
        tasks.offer(() -> engine.handle(fromNode, decoded, time.milliseconds()));
    }

    private void wakeup() {
        tasks.offer(() -> { });
    }

    private void submit(CompletableFuture<?> result, Runnable task) {
        failure.ifPresent(result::completeExceptionally);
        if (!result.isDone()) {
            tasks.offer(task);
        }
    }

    private <T extends CompletableFuture<?>> T track(T future) {
        pending.add(future);
        future.whenComplete((r, e) -> pending.remove(future));
        return future;
    }

    private void fail(RuntimeException cause) {
        failure = Optional.of(cause);
        running = false;
        QuorumStatus last = status; // a stopped quorum leads nothing and knows no leader
        status = new QuorumStatus(RoleKind.FOLLOWER, last.term(), OptionalInt.empty(), last.endOffset(),
                last.highWatermark(), false);
        pending.forEach(f -> f.completeExceptionally(cause));
    }

    /** Stops the driver and fails every waiter; the WAL belongs to the caller. Idempotent. */
    @Override
    public void close() {
        router.unregister(PeerChannel.METADATA);
        if (!running && !driver.isAlive()) {
            return;
        }
        running = false;
        wakeup();
        try {
            driver.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fail(new QuorumClosedException("node " + self + ": the metadata quorum is closed"));
    }

    /** The quorum was closed before an operation finished. */
    public static final class QuorumClosedException extends ChronikException {
        private static final long serialVersionUID = 1L;

        QuorumClosedException(String message) {
            super(message);
        }
    }
}
