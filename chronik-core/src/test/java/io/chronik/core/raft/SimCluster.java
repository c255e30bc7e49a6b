package io.chronik.core.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A deterministic cluster of {@link RaftEngine}s: one seed drives every random choice (timers,
 * delays, drops, fsync latency, faults, client timing). {@link #run()} checks the safety invariants
 * after every event, then heals every fault and checks liveness.
 *
 * <h2>Invariants</h2>
 * <ul>
 * <li>at most one leader per term;</li>
 * <li>every node's high watermark never moves back (within one incarnation);</li>
 * <li>committed entries agree: the entry a node reports committed at an offset is the entry every
 *     other node reports there (so committed prefixes are prefixes of each other);</li>
 * <li>a new leader's log holds every entry committed so far (no acknowledged entry is lost);</li>
 * <li>an acknowledged proposal is the committed entry at its offset;</li>
 * <li>every node's applied state is exactly the committed data entries below its applied end, whether
 *     it applied them one by one, restored them from its own snapshot or installed its leader's;</li>
 * <li>liveness, after healing: proposals commit again, and every node ends with the same high
 *     watermark and the same applied state, which holds every acknowledged proposal exactly once.</li>
 * </ul>
 */
final class SimCluster {

    private static final int TICK_MS = 10;
    private static final long QUIET_MS = 8_000;
    private static final long HEALED_PROPOSALS_MS = 3_000;

    private final SimScenario scenario;
    private final long seed;
    private final Random random;
    private final SimScheduler scheduler = new SimScheduler();
    private final Map<Integer, SimNode> nodes = new LinkedHashMap<>();
    private final SimNetwork network;
    private final CommittedHistory history = new CommittedHistory();
    private final Map<Integer, Integer> leaderOfTerm = new HashMap<>();
    private int proposed;
    private int crashes;
    private int partitions;
    private int snapshots;
    private int ackedAfterHeal;
    private boolean healed;

    SimCluster(SimScenario scenario, long seed) {
        this.scenario = scenario;
        this.seed = seed;
        this.random = new Random(seed);
        this.network = new SimNetwork(scheduler, random, scenario.dropRate(), scenario.maxDelayMs(), this::deliver);
        Set<Integer> voters = new TreeSet<>();
        for (int i = 1; i <= scenario.nodes(); i++) {
            voters.add(i);
        }
        for (int id : voters) {
            RaftConfig config = new RaftConfig(id, new TreeSet<>(voters), 300, 50, 100, 64, 450);
            nodes.put(id, new SimNode(id, config, scheduler, random, scenario.maxFsyncMs(),
                    () -> scheduler.after(0, "wake " + id, () -> poll(id))));
        }
    }

    /** Runs the scenario; throws {@link AssertionError} naming the seed and the trace tail on a violation. */
    SimResult run() {
        try {
            nodes.values().forEach(SimNode::start);
            long end = scenario.durationMs();
            long finish = end + QUIET_MS;
            for (int id : nodes.keySet()) {
                scheduleTicks(id, random.nextInt(TICK_MS), finish);
            }
            scheduleProposals(random.nextInt(scenario.proposalIntervalMs()), end);
            scheduleFaults(500, end - 1);
            scheduler.at(end, "heal everything", this::healAll);
            scheduleProposals(end + 1, end + HEALED_PROPOSALS_MS);
            scheduler.runUntil(finish, this::checkSafety);
            checkLiveness();
            return new SimResult(scheduler.executed(), proposed, history.acked().size(), network.sent(), network.dropped(),
                    leaderOfTerm.size(), crashes, partitions, snapshots);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("simulation " + scenario.name() + " failed for seed " + seed
                    + " (replay: -Dchronik.sim.seed=" + seed + "): " + e.getMessage() + "\n--- nodes ---\n" + describeNodes()
                    + "\n--- trace tail ---\n" + scheduler.traceTail(), e);
        }
    }

    /** Counts of one run. */
    record SimResult(long events, int proposed, int acked, long messages, long dropped, int terms, int crashes,
                     int partitions, int snapshots) {
    }

    private String describeNodes() {
        StringBuilder out = new StringBuilder();
        for (SimNode node : nodes.values()) {
            out.append("node ").append(node.id()).append(": ");
            node.engine().ifPresentOrElse(e -> out.append(e.role()).append(" term ").append(e.term())
                    .append(" leader ").append(e.leaderId()).append(" last ").append(e.lastPosition())
                    .append(" durable ").append(e.durableEnd()).append(" hw ").append(e.highWatermark())
                    .append(" start ").append(e.logStart()).append(" snapshots ").append(node.snapshots()),
                    () -> out.append("down"));
            out.append('\n');
        }
        return out.toString();
    }

    // ------------------------------------------------------------- scripted use (targeted tests)

    /** Starts every node, ticking, with no random faults and no client; drive it with {@link #advance}. */
    void startScripted() {
        nodes.values().forEach(SimNode::start);
        for (int id : nodes.keySet()) {
            scheduleTicks(id, random.nextInt(TICK_MS), Long.MAX_VALUE);
        }
    }

    /** Runs {@code ms} of simulated time, checking the safety invariants after every event. */
    void advance(long ms) {
        scheduler.advance(ms, this::checkSafety, "nodes", this::describeNodes);
    }

    /** The live node that leads the highest term, if any. */
    Optional<SimNode> leader() {
        return nodes.values().stream().filter(n -> n.engine().map(e -> e.role() == RoleKind.LEADER).orElse(false))
                .max(Comparator.comparingInt(n -> n.engine().orElseThrow().term()));
    }

    SimNode node(int id) {
        return nodes.get(id);
    }

    Collection<SimNode> nodes() {
        return nodes.values();
    }

    CompletableFuture<Long> propose(int nodeId, String payload) {
        return submit(nodes.get(nodeId), payload);
    }

    void isolate(int nodeId) {
        scheduler.note("PARTITION [" + nodeId + "] from the rest");
        network.partition(Set.of(nodeId), nodes.keySet());
    }

    void cut(int a, int b) {
        scheduler.note("CUT " + a + " <-> " + b);
        network.cut(a, b);
    }

    void cutOneWay(int from, int to) {
        scheduler.note("CUT " + from + " -> " + to);
        network.cutOneWay(from, to);
    }

    /** Heals every link, then separates {@code side} from the other nodes. */
    void partition(Set<Integer> side) {
        network.heal(false);
        scheduler.note("PARTITION " + side + " from the rest");
        network.partition(side, nodes.keySet());
    }

    /** Runs 1 ms at a time until {@code condition} holds, at most {@code maxMs}; whether it held. */
    boolean advanceUntil(BooleanSupplier condition, long maxMs) {
        for (long waited = 0; waited < maxMs; waited++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            advance(1);
        }
        return condition.getAsBoolean();
    }

    void healNetwork() {
        network.heal(false);
    }

    void crash(int nodeId) {
        nodes.get(nodeId).crash();
    }

    void restart(int nodeId) {
        nodes.get(nodeId).start();
    }

    long largestMessageBytes() {
        return network.largestMessageBytes();
    }

    // ------------------------------------------------------------- driving

    private void scheduleTicks(int id, long at, long until) {
        if (at > until) {
            return;
        }
        scheduler.at(at, "tick " + id, () -> {
            poll(id);
            scheduleTicks(id, at + TICK_MS, until);
        });
    }

    private void poll(int id) {
        SimNode node = nodes.get(id);
        node.engine().ifPresent(e -> {
            e.poll(scheduler.now());
            if (scenario.logStartEvery() > 0 && e.snapshotIfDue(scenario.logStartEvery())) {
                snapshots++;
            }
            flush(node);
        });
    }

    private void deliver(int from, int to, Message message) {
        SimNode node = nodes.get(to);
        node.engine().ifPresent(e -> {
            e.handle(from, message, scheduler.now());
            flush(node);
        });
    }

    private void flush(SimNode node) {
        node.engine().ifPresent(e -> {
            for (Outbound out : e.drainOutbox()) {
                network.send(node.id(), out.toNode(), out.message(), new SimNetwork.IncarnationCheck() {
                    @Override
                    public boolean isUp(int n) {
                        return nodes.get(n).isUp();
                    }

                    @Override
                    public int incarnation(int n) {
                        return nodes.get(n).incarnation();
                    }
                });
            }
        });
    }

    private void scheduleProposals(long at, long until) {
        if (at > until) {
            return;
        }
        scheduler.at(at, "client proposes", () -> {
            propose();
            scheduleProposals(at + 1 + random.nextInt(2 * scenario.proposalIntervalMs()), until);
        });
    }

    private void propose() {
        List<SimNode> leaders = nodes.values().stream()
                .filter(n -> n.engine().map(e -> e.role() == RoleKind.LEADER).orElse(false)).toList();
        if (leaders.isEmpty()) {
            return;
        }
        SimNode leader = leaders.get(random.nextInt(leaders.size()));
        boolean afterHeal = healed;
        submit(leader, "s" + seed + "-p" + proposed++).thenRun(() -> {
            if (afterHeal) {
                ackedAfterHeal++;
            }
        });
    }

    /** Proposes {@code payload} at {@code node}'s engine; the acknowledgement is checked against the log. */
    private CompletableFuture<Long> submit(SimNode node, String payload) {
        RaftEngine engine = node.engine().orElseThrow();
        scheduler.note("propose " + payload + " at node " + node.id() + " term " + engine.term());
        CompletableFuture<Long> f = engine.propose(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)));
        f.thenAccept(offset -> history.acknowledged(offset, payload));
        flush(node);
        return f;
    }

    private void scheduleFaults(long at, long until) {
        if (at > until) {
            return;
        }
        scheduler.at(at, "fault step", () -> {
            injectFault();
            scheduleFaults(at + 200 + random.nextInt(600), until);
        });
    }

    private void injectFault() {
        List<SimNode> all = new ArrayList<>(nodes.values());
        if (random.nextDouble() < scenario.crashRate()) {
            SimNode node = all.get(random.nextInt(all.size()));
            if (node.isUp()) {
                scheduler.note("CRASH node " + node.id());
                crashes++;
                node.crash();
            } else {
                scheduler.note("RESTART node " + node.id());
                node.start();
            }
        }
        if (random.nextDouble() < scenario.partitionRate()) {
            network.heal(false);
            if (random.nextBoolean()) {
                Set<Integer> side = new HashSet<>();
                for (int id : nodes.keySet()) {
                    if (random.nextBoolean()) {
                        side.add(id);
                    }
                }
                scheduler.note("PARTITION " + side + " from the rest");
                network.partition(side, nodes.keySet());
                partitions++;
            } else {
                scheduler.note("HEAL partitions");
            }
        }
    }

    private void healAll() {
        healed = true;
        network.heal(true);
        nodes.values().stream().filter(n -> !n.isUp()).forEach(SimNode::start);
    }

    // ------------------------------------------------------------- invariants

    private void checkSafety() {
        for (SimNode node : nodes.values()) {
            if (node.engine().isEmpty()) {
                continue;
            }
            RaftEngine e = node.engine().get();
            if (e.role() == RoleKind.LEADER) {
                Integer previous = leaderOfTerm.putIfAbsent(e.term(), node.id());
                if (previous != null && previous != node.id()) {
                    throw new AssertionError("two leaders of term " + e.term() + ": nodes " + previous + " and " + node.id());
                }
                if (previous == null) {
                    history.checkHeldBy("new leader " + node.id() + " of term " + e.term(), e::read,
                            e.logStart().endOffset(), e.lastPosition().endOffset());
                }
            }
            long hw = e.highWatermark();
            if (hw < node.lastHighWatermark()) {
                throw new AssertionError("node " + node.id() + " high watermark moved back from "
                        + node.lastHighWatermark() + " to " + hw);
            }
            if (hw > node.lastHighWatermark()) {
                history.record("node " + node.id(), e::read, Math.max(node.lastHighWatermark(),
                        e.logStart().endOffset()), hw);
                node.lastHighWatermark(hw);
            }
        }
        history.verifyAcks();
        nodes.values().stream().filter(SimNode::isUp).forEach(node -> node.verifyApplied(history));
    }

    private void checkLiveness() {
        if (ackedAfterHeal == 0) {
            throw new AssertionError("no proposal committed in the " + HEALED_PROPOSALS_MS
                    + " ms after every fault was healed");
        }
        List<String> reference = null;
        long referenceHw = -1;
        for (SimNode node : nodes.values()) {
            RaftEngine e = node.engine().orElseThrow();
            if (reference == null) {
                reference = node.applied();
                referenceHw = e.highWatermark();
            }
            if (e.highWatermark() != referenceHw || !node.applied().equals(reference)) {
                throw new AssertionError("after healing, node " + node.id() + " has high watermark " + e.highWatermark()
                        + " and applied state hash " + node.applied().hashCode() + " (" + node.applied().size()
                        + " entries), node 1 has " + referenceHw + " and " + reference.hashCode() + " ("
                        + reference.size() + ")");
            }
            if (e.lastPosition().endOffset() != referenceHw) {
                throw new AssertionError("after healing, node " + node.id() + " log ends at "
                        + e.lastPosition().endOffset() + ", not at the high watermark " + referenceHw);
            }
        }
        Set<String> state = new HashSet<>(reference);
        if (state.size() != reference.size()) {
            throw new AssertionError("an entry was applied twice: " + reference);
        }
        for (String payload : history.acked().values()) {
            if (!state.contains(payload)) {
                throw new AssertionError("acknowledged proposal " + payload + " is missing from the applied state");
            }
        }
    }
}
