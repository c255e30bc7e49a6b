package io.chronik.core.raft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * One simulated voter: its engine, its WAL and quorum store (which survive crashes as far as they
 * were durable) and the state machine the engine applies to (a list of payloads, rebuilt from the log
 * after a restart). A crash discards the engine with everything in memory.
 */
final class SimNode {

    private final int id;
    private final RaftConfig config;
    private final SimScheduler scheduler;
    private final Random random;
    private final MemoryQuorumStateStore store = new MemoryQuorumStateStore();
    private final Runnable wakeup;
    private SimulatedWalLog wal;
    private Optional<RaftEngine> engine = Optional.empty();
    private final List<String> applied = new ArrayList<>();
    private int incarnation;
    private long lastHighWatermark;

    SimNode(int id, RaftConfig config, SimScheduler scheduler, Random random, int maxFsyncMs, Runnable wakeup) {
        this.id = id;
        this.config = config;
        this.scheduler = scheduler;
        this.random = random;
        this.wakeup = wakeup;
        this.wal = new SimulatedWalLog(scheduler, random, maxFsyncMs, "node" + id + "/__cluster_metadata", new TreeMap<>());
    }

    void start() {
        applied.clear();
        lastHighWatermark = 0;
        incarnation++;
        engine = Optional.of(new RaftEngine(config, store, wal, entry -> applied.add(
                StandardCharsets.UTF_8.decode(entry.payload().duplicate()).toString()),
                new Random(random.nextLong()), wakeup, scheduler.now()));
    }

    void crash() {
        engine = Optional.empty();
        wal = wal.crash();
        incarnation++;
    }

    int id() {
        return id;
    }

    boolean isUp() {
        return engine.isPresent();
    }

    int incarnation() {
        return incarnation;
    }

    Optional<RaftEngine> engine() {
        return engine;
    }

    List<String> applied() {
        return applied;
    }

    long lastHighWatermark() {
        return lastHighWatermark;
    }

    void lastHighWatermark(long hw) {
        lastHighWatermark = hw;
    }
}
