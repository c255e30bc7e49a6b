package io.chronik.core.replica;

import io.chronik.core.cluster.PartitionAssignment;
import io.chronik.core.cluster.PartitionController;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;

/**
 * The controller's decisions as a node without a cluster would make them: every partition is a
 * replica set of one, led by this node in leader epoch {@value #LEADER_EPOCH} (the epoch the
 * single-node format has always written). A stand-in until the metadata state machine emits
 * {@link PartitionAssignment}s; it is how the zero-config node opens its partitions.
 */
public final class SingleNodeAssignments {

    /** The leader epoch of every partition of a single node. */
    public static final int LEADER_EPOCH = 0;

    /** A replica set of one never asks for an ISR change; if asked, the answer is no. */
    public static final PartitionController CONTROLLER =
            (topicId, partition, leaderId, leaderEpoch, newIsr) -> CompletableFuture.completedFuture(false);

    private SingleNodeAssignments() {
    }

    /** Partition {@code partition} of a topic, hosted and led by {@code nodeId} alone. */
    public static PartitionAssignment of(Uuid topicId, String topic, int partition, int nodeId) {
        return new PartitionAssignment(topicId, topic, partition, List.of(nodeId), OptionalInt.of(nodeId),
                LEADER_EPOCH, new TreeSet<>(List.of(nodeId)));
    }
}
