package io.chronik.core.kafka;

import io.chronik.core.metadata.TopicInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * CreatePartitions: grows topics (never shrinks: {@code INVALID_PARTITIONS}), with
 * {@code validate_only} checking without growing. Manual assignments must name only this node and
 * one entry per new partition, as on a one-broker Kafka cluster. A topic named twice in one request
 * is {@code INVALID_REQUEST}.
 */
final class CreatePartitionsHandler implements ApiHandler {

    private final TopicManager topics;
    private final int nodeId;

    CreatePartitionsHandler(TopicManager topics, int nodeId) {
        this.topics = topics;
        this.nodeId = nodeId;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public boolean waitsForController(RequestHeader header, ApiMessage request) {
        return true; // a metadata write
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        CreatePartitionsRequestData data = (CreatePartitionsRequestData) request;
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        Set<String> seen = new HashSet<>();
        for (CreatePartitionsTopic topic : data.topics()) {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
            response.results().add(result);
            TopicResult outcome = seen.add(topic.name()) ? grow(topic, data.validateOnly())
                    : TopicResult.failed(Errors.INVALID_REQUEST, "Duplicate topic in request: " + topic.name());
            if (outcome.error() != Errors.NONE) {
                result.setErrorCode(outcome.error().code()).setErrorMessage(outcome.message().orElse(null));
            }
        }
        return ApiHandler.respond(response);
    }

    private TopicResult grow(CreatePartitionsTopic topic, boolean validateOnly) {
        Optional<TopicInfo> existing = topics.topic(topic.name());
        if (topic.assignments() != null && existing.isPresent()) {
            int current = existing.get().partitions();
            if (topic.assignments().size() != topic.count() - current) {
                return TopicResult.failed(Errors.INVALID_REPLICA_ASSIGNMENT, "Increasing the number of partitions by "
                        + (topic.count() - current) + " but " + topic.assignments().size()
                        + " assignments provided.");
            }
            for (CreatePartitionsAssignment assignment : topic.assignments()) {
                if (!assignment.brokerIds().equals(List.of(nodeId))) {
                    return TopicResult.failed(Errors.INVALID_REPLICA_ASSIGNMENT, "Assignment "
                            + assignment.brokerIds() + " names brokers other than the only broker " + nodeId);
                }
            }
        }
        return topics.createPartitions(topic.name(), topic.count(), validateOnly);
    }
}
