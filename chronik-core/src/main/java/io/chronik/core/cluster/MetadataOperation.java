package io.chronik.core.cluster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * A request to the controller (the metadata leader), executed by {@link MetadataController} against
 * its latest state: validated there, written as a metadata command, answered with an
 * {@link OperationResult}. Any node submits one through {@link ControllerClient}, which forwards it
 * when this node does not lead; the binary form is {@link MetadataOperationCodec}.
 */
public sealed interface MetadataOperation {

    /**
     * Creates a topic.
     *
     * @param partitions        the partition count (ignored with a manual assignment)
     * @param replicationFactor replicas per partition (ignored with a manual assignment)
     * @param assignment        a manual assignment (replicas per partition), or empty to let the controller place replicas
     * @param validateOnly      check only, write nothing
     */
    record CreateTopic(String name, int partitions, int replicationFactor, List<List<Integer>> assignment,
                       SortedMap<String, String> configs, boolean validateOnly) implements MetadataOperation {
        public CreateTopic {
            Objects.requireNonNull(name, "name");
            assignment = assignment.stream().map(List::copyOf).toList();
            configs = new TreeMap<>(configs);
        }
    }

    /** Deletes the topic with {@code topicId}. */
    record DeleteTopic(Uuid topicId) implements MetadataOperation {
        public DeleteTopic {
            Objects.requireNonNull(topicId, "topicId");
        }
    }

    /** Grows topic {@code name} to {@code partitions} partitions. */
    record CreatePartitions(String name, int partitions, boolean validateOnly) implements MetadataOperation {
        public CreatePartitions {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Replaces a topic's config overrides with {@code configs} (the caller merged the alterations). */
    record AlterConfigs(Uuid topicId, SortedMap<String, String> configs, boolean validateOnly)
            implements MetadataOperation {
        public AlterConfigs {
            Objects.requireNonNull(topicId, "topicId");
            configs = new TreeMap<>(configs);
        }
    }

    /** Reserves a block of {@code count} producer ids; the result's {@code value} is the first. */
    record AllocateProducerIds(int count) implements MetadataOperation {
    }

    /** Moves a partition's log start offset forward (DeleteRecords). */
    record AdvanceLogStart(Uuid topicId, int partition, long logStartOffset) implements MetadataOperation {
        public AdvanceLogStart {
            Objects.requireNonNull(topicId, "topicId");
        }
    }

    /** A broker registers (at every start) with its advertised Kafka listener. */
    record RegisterBroker(int nodeId, String host, int port) implements MetadataOperation {
        public RegisterBroker {
            Objects.requireNonNull(host, "host");
        }
    }

    /** A broker says it is alive; kept in the controller's memory, written only to unfence it. */
    record BrokerHeartbeat(int nodeId) implements MetadataOperation {
    }

    /**
     * A broker stopping cleanly leaves the cluster (Kafka's controlled shutdown): the controller fences
     * it at once, so its partitions get new leaders now instead of after the session timeout.
     */
    record BrokerShutdown(int nodeId) implements MetadataOperation {
    }

    /**
     * AlterPartitionReassignments for one partition: move it to {@code target} (preferred leader
     * first), or with an empty target cancel its reassignment in progress.
     *
     * @param allowReplicationFactorChange whether the target may have another replica count than the
     *                                     partition's original replicas
     */
    record ReassignPartition(String topic, int partition, Optional<List<Integer>> target,
                             boolean allowReplicationFactorChange) implements MetadataOperation {
        public ReassignPartition {
            Objects.requireNonNull(topic, "topic");
            target = target.map(List::copyOf);
        }
    }

    /** A partition leader asks to record a new ISR (AlterPartition), valid only in its leader epoch. */
    record AlterIsr(Uuid topicId, int partition, int leaderId, int leaderEpoch, SortedSet<Integer> isr)
            implements MetadataOperation {
        public AlterIsr {
            Objects.requireNonNull(topicId, "topicId");
            isr = new TreeSet<>(isr);
        }
    }
}
