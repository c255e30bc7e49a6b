package io.chronik.core.kafka;

import io.chronik.core.cluster.PartitionAssignment;
import io.chronik.core.metadata.PartitionReassignment;
import io.chronik.core.metadata.TopicInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * ListPartitionReassignments (what {@code Admin.listPartitionReassignments} and
 * {@code kafka-reassign-partitions.sh --verify/--list} send): the reassignments in progress, from this
 * node's committed metadata, with each partition's current replicas and the replicas being added and
 * removed. Null topics lists every partition; named partitions that do not exist or are not being
 * reassigned are left out, as Kafka's controller does.
 */
final class ListPartitionReassignmentsHandler implements ApiHandler {

    private final TopicManager topics;

    ListPartitionReassignmentsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_PARTITION_REASSIGNMENTS;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        ListPartitionReassignmentsRequestData data = (ListPartitionReassignmentsRequestData) request;
        ListPartitionReassignmentsResponseData response = new ListPartitionReassignmentsResponseData();
        if (data.topics() == null) {
            topics.topics().forEach(topic -> list(topic, IntStream.range(0, topic.partitions()).boxed().toList(),
                    response));
        } else {
            for (ListPartitionReassignmentsTopics asked : data.topics()) {
                topics.topic(asked.name()).ifPresent(topic -> list(topic, asked.partitionIndexes(), response));
            }
        }
        return ApiHandler.respond(response);
    }

    private void list(TopicInfo topic, List<Integer> partitions, ListPartitionReassignmentsResponseData response) {
        OngoingTopicReassignment ongoing = new OngoingTopicReassignment().setName(topic.name());
        for (int partition : partitions) {
            Optional<PartitionReassignment> reassignment = topics.reassignment(topic, partition);
            Optional<PartitionAssignment> assignment = topics.assignment(topic, partition);
            if (reassignment.isPresent() && assignment.isPresent()) {
                ongoing.partitions().add(new OngoingPartitionReassignment().setPartitionIndex(partition)
                        .setReplicas(assignment.get().replicas())
                        .setAddingReplicas(reassignment.get().adding())
                        .setRemovingReplicas(reassignment.get().removing()));
            }
        }
        if (!ongoing.partitions().isEmpty()) {
            response.topics().add(ongoing);
        }
    }
}
