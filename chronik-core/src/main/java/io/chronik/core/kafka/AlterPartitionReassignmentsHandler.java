package io.chronik.core.kafka;

import io.chronik.core.cluster.OperationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * AlterPartitionReassignments (what {@code Admin.alterPartitionReassignments} and
 * {@code kafka-reassign-partitions.sh --execute/--cancel} send): per partition, starts moving it to
 * the given replicas, or with null replicas cancels its reassignment in progress. Each partition is
 * one controller operation ({@link TopicManager#reassign}); they run concurrently, and the answer
 * comes once each was applied on this node, with the partition's own error if it failed
 * ({@code UNKNOWN_TOPIC_OR_PARTITION}, {@code INVALID_REPLICA_ASSIGNMENT},
 * {@code INVALID_REPLICATION_FACTOR}, {@code NO_REASSIGNMENT_IN_PROGRESS}). The request returns when
 * the reassignment has started; {@link ListPartitionReassignmentsHandler} shows its progress.
 */
final class AlterPartitionReassignmentsHandler implements ApiHandler {

    private final TopicManager topics;

    AlterPartitionReassignmentsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_PARTITION_REASSIGNMENTS;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        AlterPartitionReassignmentsRequestData data = (AlterPartitionReassignmentsRequestData) request;
        AlterPartitionReassignmentsResponseData response = new AlterPartitionReassignmentsResponseData()
                .setAllowReplicationFactorChange(data.allowReplicationFactorChange());
        List<CompletableFuture<Void>> answered = new ArrayList<>();
        for (ReassignableTopic topic : data.topics()) {
            ReassignableTopicResponse topicResponse = new ReassignableTopicResponse().setName(topic.name());
            response.responses().add(topicResponse);
            for (ReassignablePartition partition : topic.partitions()) {
                ReassignablePartitionResponse partitionResponse = new ReassignablePartitionResponse()
                        .setPartitionIndex(partition.partitionIndex());
                topicResponse.partitions().add(partitionResponse);
                answered.add(topics.reassign(topic.name(), partition.partitionIndex(),
                        Optional.ofNullable(partition.replicas()), data.allowReplicationFactorChange())
                        .thenAccept(result -> record(result, partitionResponse)));
            }
        }
        return CompletableFuture.allOf(answered.toArray(CompletableFuture[]::new))
                .thenApply(done -> Optional.of(response));
    }

    /**
     * Sets a partition's outcome. Each future writes only its own partition's response; completing
     * {@code allOf} publishes every write to the thread that encodes the response.
     */
    private static void record(OperationResult result, ReassignablePartitionResponse partitionResponse) {
        if (result.error() != Errors.NONE) {
            partitionResponse.setErrorCode(result.error().code())
                    .setErrorMessage(result.message().orElse(result.error().message()));
        }
    }
}
