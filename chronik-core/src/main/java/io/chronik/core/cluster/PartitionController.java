package io.chronik.core.cluster;

import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;

/**
 * The controller as a partition leader asks it for ISR changes (Kafka's AlterPartition). The change
 * is written to the metadata log; the leader uses the new ISR only once it is committed, so the
 * controller always knows an ISR that holds every acknowledged record and elects the next leader from it.
 *
 * <h2>Threading</h2>
 * May be called from any thread and never blocks; the future completes on another thread.
 */
@FunctionalInterface
public interface PartitionController {

    /**
     * Asks to record {@code newIsr} for a partition led by {@code leaderId} in {@code leaderEpoch}.
     *
     * @return completes with {@code true} once the change is committed, {@code false} if the leader
     *         epoch is stale (the asking leader was deposed) or the partition is gone; exceptionally if
     *         the controller could not be reached (the caller asks again later)
     */
    CompletableFuture<Boolean> alterIsr(Uuid topicId, int partition, int leaderId, int leaderEpoch,
                                        SortedSet<Integer> newIsr);
}
