package io.chronik.core.raft;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * One simulated voter: its engine, its WAL, quorum store and snapshots (which survive crashes as far
 * as they were durable) and the state machine the engine applies to (a list of payloads, rebuilt
 * from the newest snapshot and the log after a restart). A crash discards the engine with everything
 * in memory.
 */
final class SimNode {

    private final int id;
    private final RaftConfig config;
    private final SimScheduler scheduler;
    private final Random random;
    private final MemoryQuorumStateStore store = new MemoryQuorumStateStore();
    private final MemorySnapshotStore snapshots = new MemorySnapshotStore();
    private final Runnable wakeup;
    private SimulatedWalLog wal;
    private Optional<RaftEngine> engine = Optional.empty();
    private ListStateMachine stateMachine = new ListStateMachine();
    private int verifiedRestores;
    private long verifiedOffset;
    private int verifiedApplied;
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
        stateMachine = new ListStateMachine();
        lastHighWatermark = 0;
        incarnation++;
        engine = Optional.of(new RaftEngine(config, store, wal, stateMachine, snapshots,
                new Random(random.nextLong()), wakeup, scheduler.now()));
        verifiedRestores = -1; // check the restored state from scratch
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
        return stateMachine.applied();
    }

    List<LogPosition> snapshots() {
        return snapshots.list();
    }

    /**
     * Checks the entries applied since the last check against the committed history: the applied
     * state must be exactly the committed data payloads below the engine's applied end. After a
     * snapshot was restored the whole state is checked again.
     */
    void verifyApplied(CommittedHistory history) {
        RaftEngine e = engine.orElseThrow();
        if (verifiedRestores != stateMachine.restores()) {
            verifiedRestores = stateMachine.restores();
            verifiedOffset = 0;
            verifiedApplied = 0;
        }
        List<String> applied = stateMachine.applied();
        for (; verifiedOffset < e.appliedEnd(); verifiedOffset++) {
            history.committedData(verifiedOffset).ifPresent(payload -> {
                if (verifiedApplied >= applied.size() || !applied.get(verifiedApplied).equals(payload)) {
                    throw new AssertionError("node " + id + " applied " + (verifiedApplied < applied.size()
                            ? applied.get(verifiedApplied) : "nothing") + " as its data entry #" + verifiedApplied
                            + " where the committed log has " + payload + " at offset " + verifiedOffset);
                }
                verifiedApplied++;
            });
        }
        if (verifiedApplied != applied.size()) {
            throw new AssertionError("node " + id + " applied " + applied.size() + " entries, the committed log below "
                    + e.appliedEnd() + " has " + verifiedApplied);
        }
    }

    long lastHighWatermark() {
        return lastHighWatermark;
    }

    void lastHighWatermark(long hw) {
        lastHighWatermark = hw;
    }
}
