package io.chronik.core.metadata;

import java.util.List;
import java.util.stream.Stream;

/**
 * A partition's replica reassignment in progress (Kafka's AlterPartitionReassignments): while it runs,
 * the partition's replicas are {@code target} followed by the replicas of {@code original} that
 * {@code target} drops, so the added replicas fetch and catch up next to the old ones. It completes
 * when every target replica is in the ISR, and reverts to {@code original} when cancelled.
 *
 * @param target   the replica set asked for, preferred leader first
 * @param original the replica set before the reassignment started
 */
public record PartitionReassignment(List<Integer> target, List<Integer> original) {

    public PartitionReassignment {
        target = List.copyOf(target);
        original = List.copyOf(original);
    }

    /** The replicas the partition has while the reassignment runs: the target, then the ones it drops. */
    public List<Integer> replicas() {
        return Stream.concat(target.stream(), removing().stream()).toList();
    }

    /** Target replicas that were not replicas before. */
    public List<Integer> adding() {
        return target.stream().filter(r -> !original.contains(r)).toList();
    }

    /** Original replicas that the target drops. */
    public List<Integer> removing() {
        return original.stream().filter(r -> !target.contains(r)).toList();
    }
}
