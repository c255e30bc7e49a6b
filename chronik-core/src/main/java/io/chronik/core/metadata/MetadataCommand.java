package io.chronik.core.metadata;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
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
     * @param partitions the number of partitions, at least 1
     * @param configs    topic-level config overrides, sorted by key
     */
    record CreateTopic(String name, Uuid topicId, int partitions, SortedMap<String, String> configs)
            implements MetadataCommand {

        public CreateTopic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(topicId, "topicId");
            if (partitions < 1) {
                throw new IllegalArgumentException("a topic needs at least one partition, not " + partitions);
            }
            configs = new TreeMap<>(configs);
        }

        /** Convenience for callers holding an unsorted map. */
        public static CreateTopic of(String name, Uuid topicId, int partitions, Map<String, String> configs) {
            return new CreateTopic(name, topicId, partitions, new TreeMap<>(configs));
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
     * Grows a topic to {@code partitions} partitions (never shrinks).
     *
     * @param topicId    the topic
     * @param partitions the new partition count
     */
    record CreatePartitions(Uuid topicId, int partitions) implements MetadataCommand {

        public CreatePartitions {
            Objects.requireNonNull(topicId, "topicId");
            if (partitions < 1) {
                throw new IllegalArgumentException("a topic needs at least one partition, not " + partitions);
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
}
