package io.chronik.core.metadata;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * A change to cluster metadata, as stored in the metadata log ({@code __cluster_metadata}) and applied
 * by {@link MetadataStateMachine}. Commands carry every value their application needs (ids are
 * chosen before the command is written), so applying a log is deterministic on every node.
 */
public sealed interface MetadataCommand {

    /**
     * Creates a topic with its partitions.
     *
     * @param name       the topic name (already validated)
     * @param topicId    the topic id, chosen by the writer
     * @param assignment per partition (index = partition), its replica node ids, preferred leader first
     * @param configs    topic-level config overrides, sorted by key
     */
    record CreateTopic(String name, Uuid topicId, List<List<Integer>> assignment, SortedMap<String, String> configs)
            implements MetadataCommand {

        public CreateTopic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(topicId, "topicId");
            assignment = copyAssignment(assignment);
            if (assignment.isEmpty()) {
                throw new IllegalArgumentException("a topic needs at least one partition");
            }
            configs = new TreeMap<>(configs);
        }

        /** Convenience for callers holding an unsorted map. */
        public static CreateTopic of(String name, Uuid topicId, List<List<Integer>> assignment,
                                     Map<String, String> configs) {
            return new CreateTopic(name, topicId, assignment, new TreeMap<>(configs));
        }

        /** The number of partitions. */
        public int partitions() {
            return assignment.size();
        }
    }

    /**
     * Deletes a topic and all its partitions.
     *
     * @param topicId the id of the topic to delete
     */
    record DeleteTopic(Uuid topicId) implements MetadataCommand {

        public DeleteTopic {
            Objects.requireNonNull(topicId, "topicId");
        }
    }

    /**
     * Reserves the producer ids {@code [firstId, firstId + count)} for idempotent producers, so ids
     * stay unique across restarts: the allocator hands out ids from the reserved block in memory and
     * writes the next block only when it runs dry.
     *
     * @param firstId the first reserved id, not negative
     * @param count   how many ids, at least 1
     */
    record AllocateProducerIds(long firstId, int count) implements MetadataCommand {

        public AllocateProducerIds {
            if (firstId < 0 || count < 1) {
                throw new IllegalArgumentException("producer id block [" + firstId + ", +" + count + ") is invalid");
            }
        }
    }

    /**
     * Replaces a topic's config overrides as a whole (the writer merges the alterations).
     *
     * @param topicId the topic
     * @param configs the complete new set of overrides, sorted by key
     */
    record AlterTopicConfigs(Uuid topicId, SortedMap<String, String> configs) implements MetadataCommand {

        public AlterTopicConfigs {
            Objects.requireNonNull(topicId, "topicId");
            configs = new TreeMap<>(configs);
        }
    }

    /**
     * Grows a topic to {@code partitions} partitions (never shrinks). Applied only when the topic has
     * exactly {@code partitions - added.size()} partitions, so a command written twice grows it once.
     *
     * @param topicId    the topic
     * @param partitions the new partition count
     * @param added      the replicas of each new partition, in partition order
     */
    record CreatePartitions(Uuid topicId, int partitions, List<List<Integer>> added) implements MetadataCommand {

        public CreatePartitions {
            Objects.requireNonNull(topicId, "topicId");
            added = copyAssignment(added);
            if (partitions < 1 || added.isEmpty() || added.size() > partitions) {
                throw new IllegalArgumentException("cannot grow to " + partitions + " partitions by adding "
                        + added.size());
            }
        }
    }

    /**
     * Moves a partition's log start offset forward (DeleteRecords): records below it are gone for
     * readers even while the WAL still stores the segment that holds them.
     *
     * @param topicId        the topic
     * @param partition      the partition index
     * @param logStartOffset the new first readable offset
     */
    record AdvanceLogStart(Uuid topicId, int partition, long logStartOffset) implements MetadataCommand {

        public AdvanceLogStart {
            Objects.requireNonNull(topicId, "topicId");
            if (partition < 0 || logStartOffset < 0) {
                throw new IllegalArgumentException("partition " + partition + " and log start offset "
                        + logStartOffset + " must not be negative");
            }
        }
    }

    /**
     * Registers a broker (or updates its address) and marks it live: a broker registers every time it
     * starts. A fenced broker that registers again is unfenced (see {@link UnfenceBroker}).
     *
     * @param nodeId the broker's node id
     * @param host   the host its Kafka listener advertises
     * @param port   the port its Kafka listener advertises
     */
    record RegisterBroker(int nodeId, String host, int port) implements MetadataCommand {

        public RegisterBroker {
            Objects.requireNonNull(host, "host");
            if (nodeId < 0 || port < 0 || port > 65535) {
                throw new IllegalArgumentException("broker " + nodeId + " at port " + port + " is invalid");
            }
        }
    }

    /**
     * Fences a broker that stopped heartbeating: it leads nothing and leaves every ISR it is in, unless
     * it is the last member (then the partition keeps it and has no leader until it returns: no
     * unclean election). Each partition it led gets the first unfenced ISR member, in replica order, as
     * leader with the next leader epoch.
     */
    record FenceBroker(int nodeId) implements MetadataCommand {
    }

    /**
     * Unfences a broker that heartbeats again: each partition without a leader whose ISR holds it gets
     * it as leader with the next leader epoch.
     */
    record UnfenceBroker(int nodeId) implements MetadataCommand {
    }

    /**
     * Sets a partition's leader, leader epoch and ISR (the controller validated the change, e.g. an
     * AlterIsr from the current leader). Applied only if the epoch does not go back.
     */
    record ChangePartition(Uuid topicId, int partition, OptionalInt leader, int leaderEpoch, SortedSet<Integer> isr)
            implements MetadataCommand {

        public ChangePartition {
            Objects.requireNonNull(topicId, "topicId");
            Objects.requireNonNull(leader, "leader");
            isr = Collections.unmodifiableSortedSet(new TreeSet<>(isr));
            if (partition < 0 || leaderEpoch < 0) {
                throw new IllegalArgumentException("partition " + partition + " and leader epoch " + leaderEpoch
                        + " must not be negative");
            }
        }
    }

    /**
     * Starts moving a partition to the replicas {@code target} (or replaces the reassignment in
     * progress, which then counts from its original replicas): see {@link PartitionReassignment}. The
     * partition's replicas become the target plus the replicas it drops, its ISR keeps only replicas
     * of that set, and its leader (if it must change) and leader epoch move on. A target already in
     * the ISR completes at once.
     *
     * @param target the new replicas, preferred leader first; at least one, none twice
     */
    record ReassignPartition(Uuid topicId, int partition, List<Integer> target) implements MetadataCommand {

        public ReassignPartition {
            Objects.requireNonNull(topicId, "topicId");
            if (partition < 0) {
                throw new IllegalArgumentException("partition " + partition + " must not be negative");
            }
            target = copyAssignment(List.of(target)).get(0);
        }
    }

    /**
     * Cancels a partition's reassignment in progress: its replicas go back to the original ones, its
     * ISR keeps only those, and its leader (if it must change) and leader epoch move on.
     */
    record CancelReassignment(Uuid topicId, int partition) implements MetadataCommand {

        public CancelReassignment {
            Objects.requireNonNull(topicId, "topicId");
            if (partition < 0) {
                throw new IllegalArgumentException("partition " + partition + " must not be negative");
            }
        }
    }

    /** An immutable copy of a replica assignment; every partition needs a replica, none twice. */
    private static List<List<Integer>> copyAssignment(List<List<Integer>> assignment) {
        List<List<Integer>> copy = assignment.stream().map(List::copyOf).toList();
        for (int p = 0; p < copy.size(); p++) {
            List<Integer> replicas = copy.get(p);
            if (replicas.isEmpty() || new TreeSet<>(replicas).size() != replicas.size()) {
                throw new IllegalArgumentException("partition " + p + " has replicas " + replicas
                        + ": at least one, none twice");
            }
        }
        return copy;
    }
}
