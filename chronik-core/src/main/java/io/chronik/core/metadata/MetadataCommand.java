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
}
