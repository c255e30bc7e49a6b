package io.chronik.core.kafka;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * CreateTopics on a single node: name rules and duplicates as Kafka checks them, {@code -1}
 * partitions / replication factor meaning the defaults, replication factor above 1 rejected with
 * {@code INVALID_REPLICATION_FACTOR} (one broker), manual assignments accepted only when every
 * replica is this node, and {@code validate_only} checking without creating.
 */
final class CreateTopicsHandler implements ApiHandler {

    private final TopicManager topics;
    private final int nodeId;
    private final int defaultPartitions;

    CreateTopicsHandler(TopicManager topics, int nodeId, int defaultPartitions) {
        this.topics = topics;
        this.nodeId = nodeId;
        this.defaultPartitions = defaultPartitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        CreateTopicsRequestData data = (CreateTopicsRequestData) request;
        Map<String, Long> counts = data.topics().stream()
                .collect(Collectors.groupingBy(CreatableTopic::name, Collectors.counting()));
        Set<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        Set<String> answered = new HashSet<>();
        for (CreatableTopic topic : data.topics()) {
            if (!answered.add(topic.name())) {
                continue;
            }
            CreatableTopicResult result = duplicated.contains(topic.name())
                    ? failure(topic.name(), Errors.INVALID_REQUEST, "Create topics request contains topic '"
                            + topic.name() + "' more than once")
                    : create(topic, data.validateOnly());
            response.topics().add(result);
        }
        return ApiHandler.respond(response);
    }

    private CreatableTopicResult create(CreatableTopic topic, boolean validateOnly) {
        int partitions;
        if (!topic.assignments().isEmpty()) {
            if (topic.numPartitions() != -1 || topic.replicationFactor() != -1) {
                return failure(topic.name(), Errors.INVALID_REQUEST,
                        "Both numPartitions or replicationFactor and replicasAssignments were set.");
            }
            Optional<String> problem = assignmentProblem(topic);
            if (problem.isPresent()) {
                return failure(topic.name(), Errors.INVALID_REPLICA_ASSIGNMENT, problem.get());
            }
            partitions = topic.assignments().size();
        } else {
            short replicationFactor = topic.replicationFactor() == -1 ? 1 : topic.replicationFactor();
            if (replicationFactor < 1) {
                return failure(topic.name(), Errors.INVALID_REPLICATION_FACTOR,
                        "Replication factor must be larger than 0, or -1 to use the default value.");
            }
            if (replicationFactor > 1) {
                return failure(topic.name(), Errors.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition "
                        + replicationFactor + " time(s): The target replication factor of " + replicationFactor
                        + " cannot be reached because only 1 broker(s) are registered.");
            }
            if (topic.numPartitions() == 0 || topic.numPartitions() < -1) {
                return failure(topic.name(), Errors.INVALID_PARTITIONS,
                        "Number of partitions must be larger than 0, or -1 to use the default value.");
            }
            partitions = topic.numPartitions() == -1 ? defaultPartitions : topic.numPartitions();
        }
        Map<String, String> configs = new HashMap<>();
        topic.configs().forEach(c -> {
            if (c.value() != null) {
                configs.put(c.name(), c.value());
            }
        });
        TopicResult result = topics.create(topic.name(), partitions, configs, validateOnly);
        if (result.error() != Errors.NONE) {
            return failure(topic.name(), result.error(), result.message().orElse(result.error().message()));
        }
        return new CreatableTopicResult()
                .setName(topic.name())
                .setTopicId(result.topic().orElseThrow().topicId())
                .setNumPartitions(partitions)
                .setReplicationFactor((short) 1);
    }

    private Optional<String> assignmentProblem(CreatableTopic topic) {
        int count = topic.assignments().size();
        for (CreatableReplicaAssignment assignment : topic.assignments()) {
            if (assignment.partitionIndex() < 0 || assignment.partitionIndex() >= count) {
                return Optional.of("Partitions of a manual assignment must be numbered 0 to " + (count - 1)
                        + ", found " + assignment.partitionIndex());
            }
            if (!assignment.brokerIds().equals(List.of(nodeId))) {
                return Optional.of("Partition " + assignment.partitionIndex() + " is assigned to brokers "
                        + assignment.brokerIds() + " but the only broker is " + nodeId);
            }
        }
        return Optional.empty();
    }

    private static CreatableTopicResult failure(String name, Errors error, String message) {
        return new CreatableTopicResult().setName(name).setErrorCode(error.code()).setErrorMessage(message);
    }
}
