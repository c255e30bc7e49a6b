package io.chronik.core.cluster;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The controller's decision for one partition, as every node learns it from the committed metadata
 * log: who holds replicas, who leads in which leader epoch, and which replicas are in sync. The
 * metadata state machine produces one whenever a partition is created or its leader or ISR changes;
 * the replica side of the node makes its local replica lead, follow or close accordingly.
 *
 * @param topicId     the topic's id
 * @param topic       the topic's name
 * @param partition   the partition index
 * @param replicas    the replica node ids, preferred leader first
 * @param leader      the leader, empty if no replica in the ISR is alive (the partition is offline)
 * @param leaderEpoch the leader epoch; raised by every leader change
 * @param isr         the in-sync replicas, a subset of {@code replicas} containing the leader if any
 */
public record PartitionAssignment(Uuid topicId, String topic, int partition, List<Integer> replicas,
                                  OptionalInt leader, int leaderEpoch, SortedSet<Integer> isr) {

    public PartitionAssignment {
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(leader, "leader");
        replicas = List.copyOf(replicas);
        isr = new TreeSet<>(isr);
        if (partition < 0 || leaderEpoch < 0 || replicas.isEmpty()) {
            throw new IllegalArgumentException(topic + "-" + partition + ": partition " + partition
                    + " and leader epoch " + leaderEpoch + " must not be negative, replicas " + replicas
                    + " not empty");
        }
        if (!replicas.containsAll(isr) || (leader.isPresent() && !isr.contains(leader.getAsInt()))) {
            throw new IllegalArgumentException(topic + "-" + partition + ": ISR " + isr + " must be among replicas "
                    + replicas + " and hold leader " + leader);
        }
    }

    /** This partition's transport channel. */
    public PeerChannel.Partition channel() {
        return new PeerChannel.Partition(topicId, partition);
    }
}
