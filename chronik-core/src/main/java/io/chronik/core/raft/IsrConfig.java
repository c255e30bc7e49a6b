package io.chronik.core.raft;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Settings of one partition replica in ISR mode.
 *
 * @param nodeId             this replica's node
 * @param replicas           every replica of the partition
 * @param replicaLagTimeMs   {@code replica.lag.time.max.ms}: a follower not caught up for this long
 *                           leaves the ISR, so a slow follower never blocks the leader
 * @param fetchMaxWaitMs     how long a leader parks a fetch that has nothing new
 * @param fetchTimeoutMs     how long a follower waits for a fetch answer before asking again
 * @param maxFetchBytes      byte budget of one fetch answer (at least one entry is sent)
 */
public record IsrConfig(int nodeId, SortedSet<Integer> replicas, int replicaLagTimeMs,
                        int fetchMaxWaitMs, int fetchTimeoutMs, int maxFetchBytes) {

    public IsrConfig {
        replicas = new TreeSet<>(replicas);
        if (!replicas.contains(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " is not among the replicas " + replicas);
        }
        if (replicaLagTimeMs <= 0 || fetchMaxWaitMs <= 0 || fetchTimeoutMs <= 0 || maxFetchBytes <= 0) {
            throw new IllegalArgumentException("times and byte limits must be positive: replicaLagTimeMs="
                    + replicaLagTimeMs + " fetchMaxWaitMs=" + fetchMaxWaitMs + " fetchTimeoutMs=" + fetchTimeoutMs
                    + " maxFetchBytes=" + maxFetchBytes);
        }
    }

    /** The same settings for the replica set {@code newReplicas} (a reassignment changed it). */
    public IsrConfig withReplicas(Set<Integer> newReplicas) {
        return new IsrConfig(nodeId, new TreeSet<>(newReplicas), replicaLagTimeMs, fetchMaxWaitMs, fetchTimeoutMs,
                maxFetchBytes);
    }

    public static IsrConfig defaults(int nodeId, Set<Integer> replicas) {
        return new IsrConfig(nodeId, new TreeSet<>(replicas), 30_000, 500, 1_000, 1 << 20);
    }
}
