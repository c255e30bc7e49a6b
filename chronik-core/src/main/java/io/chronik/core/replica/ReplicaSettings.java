package io.chronik.core.replica;

import io.chronik.core.raft.IsrConfig;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How this node runs its partition replicas.
 *
 * @param replicaLagTimeMs {@code replica.lag.time.max.ms}: a follower not caught up for this long
 *                         leaves the ISR
 * @param fetchMaxWaitMs   how long a leader parks a follower's fetch that has nothing new
 * @param fetchTimeoutMs   how long a follower waits for a fetch answer before asking again
 * @param maxFetchBytes    byte budget of one fetch answer (at least one batch is sent)
 * @param tickMs           how often the driver polls the replicas that have other replicas (timers)
 * @param checkpointDir    where the high-watermark checkpoint ({@link HighWatermarkCheckpointFile}) is kept,
 *                         the data directory; empty for a node that keeps no files of its own
 */
public record ReplicaSettings(int replicaLagTimeMs, int fetchMaxWaitMs, int fetchTimeoutMs, int maxFetchBytes,
                              int tickMs, Optional<Path> checkpointDir) {

    public ReplicaSettings {
        if (tickMs <= 0) {
            throw new IllegalArgumentException("tickMs must be positive, was " + tickMs);
        }
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        new IsrConfig(0, new TreeSet<>(Set.of(0)), replicaLagTimeMs, fetchMaxWaitMs, fetchTimeoutMs,
                maxFetchBytes); // validates the rest
    }

    /** Kafka's defaults: 30 s lag time, 500 ms fetch wait, 1 MiB per fetch; a 50 ms driver tick. */
    public ReplicaSettings(int replicaLagTimeMs, int fetchMaxWaitMs, int fetchTimeoutMs, int maxFetchBytes, int tickMs) {
        this(replicaLagTimeMs, fetchMaxWaitMs, fetchTimeoutMs, maxFetchBytes, tickMs, Optional.empty());
    }

    public static ReplicaSettings defaults() {
        return new ReplicaSettings(30_000, 500, 1_000, 1 << 20, 50);
    }

    /** These settings with {@code replica.lag.time.max.ms} set to {@code ms}. */
    public ReplicaSettings withReplicaLagTimeMs(int ms) {
        return new ReplicaSettings(ms, fetchMaxWaitMs, fetchTimeoutMs, maxFetchBytes, tickMs, checkpointDir);
    }

    /** These settings with the high-watermark checkpoint kept in {@code dataDir}. */
    public ReplicaSettings withCheckpointDir(Path dataDir) {
        return new ReplicaSettings(replicaLagTimeMs, fetchMaxWaitMs, fetchTimeoutMs, maxFetchBytes, tickMs,
                Optional.of(dataDir));
    }

    /** This node's replica configuration for a partition replicated on {@code replicas}. */
    IsrConfig isrConfig(int nodeId, Collection<Integer> replicas) {
        return new IsrConfig(nodeId, new TreeSet<>(replicas), replicaLagTimeMs, fetchMaxWaitMs, fetchTimeoutMs,
                maxFetchBytes);
    }
}
