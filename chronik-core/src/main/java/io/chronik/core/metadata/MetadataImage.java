package io.chronik.core.metadata;

import io.chronik.core.cluster.PartitionAssignment;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * Everything a {@link MetadataStateMachine} holds, as one value: what a metadata snapshot stores
 * ({@link MetadataSnapshotCodec}). Lists are in the canonical order of {@link MetadataStateMachine#image()}
 * (topics by name, partitions by topic name and index, brokers by id, log starts and reassignments by
 * topic id and partition), so equal states give equal images and equal bytes.
 *
 * @param lastAppliedOffset the offset of the last applied command, -1 before the first
 * @param nextProducerId    the first producer id not yet reserved
 * @param topics            every topic
 * @param brokers           every registered broker
 * @param partitions        every partition's assignment
 * @param logStarts         the log starts DeleteRecords set
 * @param reassignments     the partition reassignments in progress
 */
public record MetadataImage(long lastAppliedOffset, long nextProducerId, List<TopicInfo> topics,
                            List<BrokerRegistration> brokers, List<PartitionAssignment> partitions,
                            List<LogStart> logStarts, List<Reassignment> reassignments) {

    public MetadataImage {
        topics = List.copyOf(topics);
        brokers = List.copyOf(brokers);
        partitions = List.copyOf(partitions);
        logStarts = List.copyOf(logStarts);
        reassignments = List.copyOf(reassignments);
    }

    /** The log start offset DeleteRecords set for one partition. */
    public record LogStart(Uuid topicId, int partition, long offset) {
    }

    /** One partition's reassignment in progress. */
    public record Reassignment(Uuid topicId, int partition, PartitionReassignment reassignment) {
    }
}
