package io.chronik.core.raft;

import io.chronik.core.log.StoredBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Deterministic simulation of one partition in ISR mode: {@link IsrReplica}s on the simulated network
 * and WAL, appending Kafka v2 record batches of one to three records each (so batches span offsets), with an oracle controller that records ISR changes (rejecting stale leader epochs), elects
 * a leader from the live ISR when the leader crashes, and now and then moves leadership on its own.
 * A replica partitioned away also misses the controller's decisions, so it can linger as a deposed
 * leader of an old epoch.
 *
 * <h2>Invariants (after every event)</h2>
 * at most one leader per epoch; high watermark never moves back on a replica (per incarnation);
 * replicas agree on every committed entry; a new leader's log holds every committed entry (no
 * acknowledged record lost); an acknowledgement names the committed records at its offsets; every
 * acknowledged append had an ISR of at least {@code min.insync.replicas}. Liveness after healing:
 * appends are acknowledged again, and all replicas end with the same high watermark and log.
 */
final class IsrSimCluster {

    private static final int TICK_MS = 10;
    private static final int MIN_ISR = 2;
    private static final long QUIET_MS = 8_000;
    private static final long HEALED_APPENDS_MS = 3_000;

    /** One replica's node: the WAL survives crashes as far as it was durable. */
    private static final class Node {
        final int id;
        SimulatedWalLog wal;
        Optional<IsrReplica> replica = Optional.empty();
        int incarnation;
        long lastHighWatermark;

        Node(int id, SimulatedWalLog wal) {
            this.id = id;
            this.wal = wal;
        }
    }

    private final SimScenario scenario;
    private final long seed;
    private final Random random;
    private final SimScheduler scheduler = new SimScheduler();
    private final SimNetwork network;
    private final Map<Integer, Node> nodes = new LinkedHashMap<>();
    private final CommittedHistory history = new CommittedHistory();
    private final Map<Integer, Integer> leaderOfEpoch = new HashMap<>();
    // the controller's record
    private int epoch;
    private OptionalInt leader = OptionalInt.empty();
    private final Set<Integer> isr = new TreeSet<>();
    private final Set<Integer> unreachable = new HashSet<>();
    private int appended;
    private int ackedAfterHeal;
    private boolean healed;

    IsrSimCluster(SimScenario scenario, long seed) {
        this.scenario = scenario;
        this.seed = seed;
        this.random = new Random(seed);
        this.network = new SimNetwork(scheduler, random, scenario.dropRate(), scenario.maxDelayMs(), this::deliver);
        for (int id = 1; id <= scenario.nodes(); id++) {
            nodes.put(id, new Node(id, new SimulatedWalLog(scheduler, random, scenario.maxFsyncMs(),
                    "replica" + id + "/topic-0", new TreeMap<>())));
            isr.add(id);
        }
    }

    /** Runs the scenario; throws {@link AssertionError} naming the seed and the trace tail on a violation. */
    int run() {
        try {
            nodes.values().forEach(this::start);
            electLeader();
            long end = scenario.durationMs();
            long finish = end + QUIET_MS;
            for (int id : nodes.keySet()) {
                scheduleTicks(id, random.nextInt(TICK_MS), finish);
            }
            scheduleAppends(random.nextInt(scenario.proposalIntervalMs()), end);
            scheduleFaults(500, end - 1);
            scheduler.at(end, "heal everything", this::healAll);
            scheduleAppends(end + 1, end + HEALED_APPENDS_MS);
            scheduler.runUntil(finish, this::checkSafety);
            checkLiveness();
            return history.acked().size();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("ISR simulation " + scenario.name() + " failed for seed " + seed
                    + " (replay: -Dchronik.sim.seed=" + seed + "): " + e.getMessage() + "\n--- replicas ---\n"
                    + describe() + "\n--- trace tail ---\n" + scheduler.traceTail(), e);
        }
    }

    private String describe() {
        StringBuilder out = new StringBuilder("controller: epoch " + epoch + " leader " + leader + " ISR " + isr
                + " unreachable " + unreachable + "\n");
        for (Node node : nodes.values()) {
            out.append("replica ").append(node.id).append(": ");
            node.replica.ifPresentOrElse(r -> out.append(r.isLeader() ? "LEADER" : "follower").append(" epoch ")
                    .append(r.leaderEpoch()).append(" isr ").append(r.isr()).append(" last ").append(r.lastPosition())
                    .append(" hw ").append(r.highWatermark()), () -> out.append("down"));
            out.append('\n');
        }
        return out.toString();
    }

    // ------------------------------------------------------------- scripted use (targeted tests)

    /** Starts every replica, ticking, and elects a leader; no random faults or clients. */
    void startScripted() {
        nodes.values().forEach(this::start);
        electLeader();
        for (int id : nodes.keySet()) {
            scheduleTicks(id, random.nextInt(TICK_MS), Long.MAX_VALUE);
        }
    }

    /** Runs {@code ms} of simulated time, checking the safety invariants after every event. */
    void advance(long ms) {
        scheduler.advance(ms, this::checkSafety, "replicas", this::describe);
    }

    int leaderId() {
        return leader.orElseThrow();
    }

    IsrReplica replica(int id) {
        return nodes.get(id).replica.orElseThrow();
    }

    Set<Integer> ids() {
        return nodes.keySet();
    }

    /**
     * Appends a one-record batch at the leader with acks=all; the refusal exceptions of
     * {@link IsrReplica#append} pass through.
     */
    CompletableFuture<Long> append(String payload) {
        Node node = nodes.get(leader.orElseThrow());
        IsrReplica r = node.replica.orElseThrow();
        r.checkAppend(MIN_ISR);
        CompletableFuture<Long> f = r.append(batch(r.logEndOffset(), r.leaderEpoch(), List.of(payload)), true, MIN_ISR);
        f.thenAccept(offset -> history.acknowledged(offset, payload));
        flush(node);
        return f;
    }

    /** A v2 batch of {@code values} at {@code baseOffset} in {@code epoch}, as a partition leader stores it. */
    static ByteBuffer batch(long baseOffset, int epoch, List<String> values) {
        SimpleRecord[] records = values.stream()
                .map(v -> new SimpleRecord(0L, v.getBytes(StandardCharsets.UTF_8))).toArray(SimpleRecord[]::new);
        ByteBuffer bytes = MemoryRecords.withRecords(0L, Compression.NONE, records).buffer();
        MutableRecordBatch batch = StoredBatch.parse(bytes);
        StoredBatch.assign(batch, baseOffset, epoch);
        return bytes;
    }

    /** A replica's log as one entry per Kafka record (offset, batch epoch, value), for {@link CommittedHistory}. */
    static CommittedHistory.LogReader records(IsrReplica replica) {
        return (from, maxBytes) -> {
            List<LogEntry> out = new ArrayList<>();
            for (StoredRecord stored : replica.read(from, maxBytes)) {
                for (Record record : StoredBatch.parse(stored.data())) {
                    out.add(new LogEntry(record.offset(), Math.max(1, stored.epoch()), EntryKind.DATA, record.value()));
                }
            }
            return out;
        };
    }

    /** Cuts the link between two replicas (the controller still reaches both). */
    void cut(int a, int b) {
        scheduler.note("CUT " + a + " <-> " + b);
        network.cut(a, b);
    }

    void healNetwork() {
        network.heal(false);
    }

    void crash(int id) {
        Node node = nodes.get(id);
        scheduler.note("CRASH replica " + id);
        node.replica = Optional.empty();
        node.wal = node.wal.crash();
        node.incarnation++;
    }

    /**
     * The controller fences replica {@code id} (its broker missed heartbeats): drops it from the ISR in
     * the current epoch, as the metadata state machine does, and tells the leader at once.
     */
    void fence(int id) {
        if (leader.isEmpty() || leader.getAsInt() == id || !isr.contains(id)) {
            throw new IllegalStateException("replica " + id + " is the leader or not in the ISR " + isr);
        }
        isr.remove(id);
        scheduler.note("controller: fenced " + id + ", ISR " + isr + " in epoch " + epoch);
        Node node = nodes.get(leader.getAsInt());
        node.replica.ifPresent(r -> r.adoptControllerIsr(epoch, isr, scheduler.now()));
        flush(node);
    }

    // ------------------------------------------------------------- the controller

    private CompletableFuture<Boolean> alterIsr(int leaderId, int leaderEpoch, SortedSet<Integer> newIsr) {
        if (leaderEpoch != epoch || leader.isEmpty() || leader.getAsInt() != leaderId || unreachable.contains(leaderId)) {
            return CompletableFuture.completedFuture(false);
        }
        if (!newIsr.contains(leaderId)) {
            throw new AssertionError("leader " + leaderId + " proposed ISR " + newIsr + " without itself");
        }
        scheduler.note("controller: ISR " + isr + " -> " + newIsr + " in epoch " + epoch);
        isr.clear();
        isr.addAll(newIsr);
        return CompletableFuture.completedFuture(true);
    }

    /** Picks a new leader from the live, reachable ISR (if the current one is gone), bumping the epoch. */
    private void electLeader() {
        List<Integer> candidates = isr.stream()
                .filter(id -> nodes.get(id).replica.isPresent() && !unreachable.contains(id)).toList();
        if (candidates.isEmpty()) {
            scheduler.note("controller: no live ISR member, partition offline");
            leader = OptionalInt.empty();
            return;
        }
        int chosen = candidates.get(random.nextInt(candidates.size()));
        epoch++;
        leader = OptionalInt.of(chosen);
        isr.removeIf(id -> nodes.get(id).replica.isEmpty() && isr.size() > 1);
        scheduler.note("controller: leader " + chosen + " epoch " + epoch + " ISR " + isr);
        for (Node node : nodes.values()) {
            tell(node);
        }
    }

    /** Tells a live, reachable replica the current leadership if it has not heard of it. */
    private void tell(Node node) {
        if (leader.isEmpty() || unreachable.contains(node.id)) {
            return;
        }
        node.replica.ifPresent(r -> {
            if (r.leaderEpoch() < epoch) {
                if (node.id == leader.getAsInt()) {
                    r.becomeLeader(epoch, isr, scheduler.now());
                } else {
                    r.becomeFollower(epoch, leader.getAsInt(), scheduler.now());
                }
                flush(node);
            }
        });
    }

    // ------------------------------------------------------------- driving

    private void start(Node node) {
        node.incarnation++;
        node.lastHighWatermark = 0;
        node.replica = Optional.of(new IsrReplica(
                new IsrConfig(node.id, new TreeSet<>(nodes.keySet()), 400, 50, 100, 64),
                node.wal, 0, this::alterIsr, () -> scheduler.after(0, "wake " + node.id, () -> poll(node.id)),
                scheduler.now()));
    }

    private void scheduleTicks(int id, long at, long until) {
        if (at <= until) {
            scheduler.at(at, "tick " + id, () -> {
                poll(id);
                scheduleTicks(id, at + TICK_MS, until);
            });
        }
    }

    private void poll(int id) {
        Node node = nodes.get(id);
        node.replica.ifPresent(r -> {
            r.poll(scheduler.now());
            flush(node);
        });
    }

    private void deliver(int from, int to, Message message) {
        Node node = nodes.get(to);
        node.replica.ifPresent(r -> {
            r.handle(from, message, scheduler.now());
            flush(node);
        });
    }

    private void flush(Node node) {
        node.replica.ifPresent(r -> r.drainOutbox().forEach(out -> network.send(node.id, out.toNode(), out.message(),
                new SimNetwork.IncarnationCheck() {
                    @Override
                    public boolean isUp(int n) {
                        return nodes.get(n).replica.isPresent();
                    }

                    @Override
                    public int incarnation(int n) {
                        return nodes.get(n).incarnation;
                    }
                })));
    }

    private void scheduleAppends(long at, long until) {
        if (at <= until) {
            scheduler.at(at, "client appends", () -> {
                append();
                scheduleAppends(at + 1 + random.nextInt(2 * scenario.proposalIntervalMs()), until);
            });
        }
    }

    private void append() {
        if (leader.isEmpty()) {
            return;
        }
        Node node = nodes.get(leader.getAsInt());
        if (node.replica.isEmpty() || !node.replica.get().isLeader()) {
            return;
        }
        IsrReplica r = node.replica.get();
        if (r.isr().size() < MIN_ISR) {
            return; // the append would be refused with NotEnoughReplicas
        }
        int batchNumber = appended++;
        List<String> values = IntStream.range(0, 1 + random.nextInt(3))
                .mapToObj(i -> "s" + seed + "-b" + batchNumber + "-r" + i).toList();
        boolean afterHeal = healed;
        scheduler.note("append " + values + " at replica " + node.id + " epoch " + r.leaderEpoch());
        r.append(batch(r.logEndOffset(), r.leaderEpoch(), values), true, MIN_ISR).thenAccept(offset -> {
            for (int i = 0; i < values.size(); i++) {
                history.acknowledged(offset + i, values.get(i));
            }
            if (r.isr().size() < MIN_ISR) {
                throw new AssertionError("acknowledged " + values + " with ISR " + r.isr());
            }
            if (afterHeal) {
                ackedAfterHeal++;
            }
        });
        flush(node);
    }

    private void scheduleFaults(long at, long until) {
        if (at <= until) {
            scheduler.at(at, "fault step", () -> {
                injectFault();
                scheduleFaults(at + 200 + random.nextInt(600), until);
            });
        }
    }

    private void injectFault() {
        List<Node> all = new ArrayList<>(nodes.values());
        if (random.nextDouble() < scenario.crashRate()) {
            Node node = all.get(random.nextInt(all.size()));
            if (node.replica.isPresent()) {
                crash(node.id);
                if (leader.isPresent() && leader.getAsInt() == node.id) {
                    electLeader();
                }
            } else {
                scheduler.note("RESTART replica " + node.id);
                start(node);
                if (leader.isEmpty()) {
                    electLeader();
                } else {
                    tell(node);
                }
            }
        }
        if (random.nextDouble() < scenario.partitionRate()) {
            network.heal(false);
            unreachable.clear();
            nodes.values().forEach(this::tell);
            if (random.nextBoolean()) {
                Set<Integer> side = new HashSet<>();
                nodes.keySet().stream().filter(id -> random.nextBoolean()).forEach(side::add);
                scheduler.note("PARTITION " + side + " from the rest and the controller");
                network.partition(side, nodes.keySet());
                unreachable.addAll(side);
            } else {
                scheduler.note("HEAL partitions");
            }
        }
        if (random.nextDouble() < 0.1 || leader.isEmpty() || unreachable.contains(leader.getAsInt())) {
            electLeader(); // controller moves leadership (or fences an unreachable leader)
        }
        if (scenario.logStartEvery() > 0 && random.nextInt(scenario.logStartEvery()) == 0) {
            applyRetention(all.get(random.nextInt(all.size())));
        }
    }

    /**
     * Frees a replica's oldest batches as retention does ({@code PartitionLog.enforceRetention}): whole
     * committed batches, never the newest, behind the replica's back.
     */
    private void applyRetention(Node node) {
        if (node.replica.isEmpty()) {
            return;
        }
        IsrReplica r = node.replica.get();
        List<Long> bases = r.read(r.logStart().endOffset(), Integer.MAX_VALUE).stream().map(StoredRecord::offset)
                .filter(base -> base <= r.highWatermark() && base < node.wal.lastOffset().orElse(0)).toList();
        if (bases.size() < 2) {
            return;
        }
        long cut = bases.get(1 + random.nextInt(bases.size() - 1));
        scheduler.note("RETENTION replica " + node.id + " frees below " + cut);
        node.wal.deleteBefore(cut);
    }

    private void healAll() {
        healed = true;
        network.heal(true);
        unreachable.clear();
        nodes.values().stream().filter(n -> n.replica.isEmpty()).forEach(this::start);
        if (leader.isEmpty()) {
            electLeader();
        }
        nodes.values().forEach(this::tell);
    }

    // ------------------------------------------------------------- invariants

    private void checkSafety() {
        for (Node node : nodes.values()) {
            if (node.replica.isEmpty()) {
                continue;
            }
            IsrReplica r = node.replica.get();
            if (r.isLeader()) {
                Integer previous = leaderOfEpoch.putIfAbsent(r.leaderEpoch(), node.id);
                if (previous != null && previous != node.id) {
                    throw new AssertionError("two leaders of epoch " + r.leaderEpoch() + ": " + previous + " and " + node.id);
                }
                if (previous == null) {
                    history.checkHeldBy("new leader " + node.id + " of epoch " + r.leaderEpoch(), records(r),
                            r.logStart().endOffset(), r.lastPosition().endOffset());
                }
            }
            long hw = r.highWatermark();
            if (hw < node.lastHighWatermark) {
                throw new AssertionError("replica " + node.id + " high watermark moved back from "
                        + node.lastHighWatermark + " to " + hw);
            }
            if (hw > node.lastHighWatermark) {
                history.record("replica " + node.id, records(r), Math.max(node.lastHighWatermark,
                        r.logStart().endOffset()), hw);
                node.lastHighWatermark = hw;
            }
        }
        history.verifyAcks();
    }

    private void checkLiveness() {
        if (ackedAfterHeal == 0) {
            throw new AssertionError("no append acknowledged in the " + HEALED_APPENDS_MS + " ms after healing");
        }
        IsrReplica lead = nodes.get(leader.orElseThrow()).replica.orElseThrow();
        long end = lead.lastPosition().endOffset();
        long start = nodes.values().stream().mapToLong(n -> n.replica.orElseThrow().logStart().endOffset()).max()
                .orElse(0);
        List<LogEntry> reference = CommittedHistory.readAll("leader", records(lead), start, end);
        for (Node node : nodes.values()) {
            IsrReplica r = node.replica.orElseThrow();
            if (r.highWatermark() != end
                    || !CommittedHistory.readAll("replica " + node.id, records(r), start, end).equals(reference)) {
                throw new AssertionError("after healing, replica " + node.id + " has high watermark " + r.highWatermark()
                        + " and log end " + r.lastPosition() + "; the leader's log ends at " + end);
            }
        }
        if (lead.isr().size() != nodes.size()) {
            throw new AssertionError("after healing, the ISR is " + lead.isr() + ", not every replica");
        }
    }
}
