package io.chronik.core.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Spreads replicas over brokers round-robin, as Kafka does without racks: partition {@code p} gets the
 * {@code replicationFactor} brokers that follow position {@code start + p} in the broker list, so
 * leaders (the first replica) and followers rotate over every broker.
 */
public final class ReplicaPlacement {

    private ReplicaPlacement() {
    }

    /**
     * @param brokers the brokers to place on, in a stable order; at least {@code replicationFactor}
     * @param start   where the rotation starts (vary it so small topics do not all lead on one broker)
     */
    public static List<List<Integer>> place(int partitions, int replicationFactor, List<Integer> brokers, int start) {
        if (replicationFactor < 1 || replicationFactor > brokers.size()) {
            throw new IllegalArgumentException("replication factor " + replicationFactor + " with " + brokers.size()
                    + " brokers");
        }
        List<List<Integer>> assignment = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            for (int r = 0; r < replicationFactor; r++) {
                replicas.add(brokers.get(Math.floorMod(start + p + r, brokers.size())));
            }
            assignment.add(replicas);
        }
        return assignment;
    }
}
