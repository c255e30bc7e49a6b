package io.chronik.core.cluster;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.protocol.Errors;

/**
 * Kafka's rules for a replica set an admin names (a manual assignment of CreateTopics, the target of
 * AlterPartitionReassignments): at least one replica, none twice, every one a registered broker
 * (fenced ones too: they may come back). A violation is {@code INVALID_REPLICA_ASSIGNMENT}.
 */
final class ReplicaSetRules {

    private ReplicaSetRules() {
    }

    /** Why {@code replicas} is not a valid replica set among {@code registered}, if it is not. */
    static Optional<OperationResult> check(List<Integer> replicas, Collection<Integer> registered) {
        if (replicas.isEmpty()) {
            return invalid("The replica list is empty: a partition needs at least one replica.");
        }
        Set<Integer> seen = new HashSet<>();
        for (int replica : replicas) {
            if (!seen.add(replica)) {
                return invalid("The replica list " + replicas + " names broker " + replica + " more than once.");
            }
            if (!registered.contains(replica)) {
                return invalid("The replica list " + replicas + " names broker " + replica
                        + ", but no such broker is registered (registered: " + registered + ").");
            }
        }
        return Optional.empty();
    }

    private static Optional<OperationResult> invalid(String message) {
        return Optional.of(OperationResult.failed(Errors.INVALID_REPLICA_ASSIGNMENT, message));
    }
}
