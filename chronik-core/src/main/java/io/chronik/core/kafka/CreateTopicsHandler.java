package io.chronik.core.kafka;

import java.util.ArrayList;
import java.util.Comparator;
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
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * CreateTopics: duplicates and the request's shape are checked here; name rules, partition counts,
 * configs ({@code INVALID_CONFIG}), the replication factor against the live brokers
 * ({@code INVALID_REPLICATION_FACTOR}) and manual assignments against the registered brokers
 * ({@code INVALID_REPLICA_ASSIGNMENT}) by the controller ({@link KafkaTopicRules}), wherever it runs.
 * {@code -1} partitions / replication factor mean the defaults (replication factor 1, as Kafka's
 * {@code default.replication.factor}); {@code validate_only} checks without creating. From v5 the
 * answer lists the topic's configs.
 */
final class CreateTopicsHandler implements ApiHandler {

    /** The first CreateTopics version whose response carries the topic's configs. */
    private static final short CONFIGS_IN_RESPONSE_VERSION = 5;

    private final TopicManager topics;
    private final BrokerSettings settings;

    CreateTopicsHandler(TopicManager topics, BrokerSettings settings) {
        this.topics = topics;
        this.settings = settings;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public boolean waitsForController(RequestHeader header, ApiMessage request) {
        return true; // a metadata write
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
                    : create(topic, data.validateOnly(), header.apiVersion());
            response.topics().add(result);
        }
        return ApiHandler.respond(response);
    }

    private CreatableTopicResult create(CreatableTopic topic, boolean validateOnly, short version) {
        int partitions;
        short replicationFactor;
        List<List<Integer>> assignment = new ArrayList<>();
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
            topic.assignments().stream()
                    .sorted(Comparator.comparingInt(CreatableReplicaAssignment::partitionIndex))
                    .forEach(a -> assignment.add(List.copyOf(a.brokerIds())));
            replicationFactor = (short) assignment.get(0).size();
        } else {
            replicationFactor = topic.replicationFactor() == -1 ? 1 : topic.replicationFactor();
            if (replicationFactor < 1) {
                return failure(topic.name(), Errors.INVALID_REPLICATION_FACTOR,
                        "Replication factor must be larger than 0, or -1 to use the default value.");
            }
            if (topic.numPartitions() == 0 || topic.numPartitions() < -1) {
                return failure(topic.name(), Errors.INVALID_PARTITIONS,
                        "Number of partitions must be larger than 0, or -1 to use the default value.");
            }
            partitions = topic.numPartitions() == -1 ? settings.defaultPartitions() : topic.numPartitions();
        }
        Map<String, String> configs = new HashMap<>();
        topic.configs().forEach(c -> {
            if (c.value() != null) {
                configs.put(c.name(), c.value());
            }
        });
        TopicResult result = topics.create(topic.name(), partitions, replicationFactor, assignment, configs,
                validateOnly);
        if (result.error() != Errors.NONE) {
            return failure(topic.name(), result.error(), result.message().orElse(result.error().message()));
        }
        CreatableTopicResult created = new CreatableTopicResult()
                .setName(topic.name())
                .setTopicId(result.topic().orElseThrow().topicId())
                .setNumPartitions(partitions)
                .setReplicationFactor(replicationFactor);
        if (version >= CONFIGS_IN_RESPONSE_VERSION) {
            ConfigEntries.topic(result.topic().orElseThrow().configs(), settings).forEach(entry ->
                    created.configs().add(new CreatableTopicConfigs()
                            .setName(entry.name())
                            .setValue(entry.value())
                            .setReadOnly(entry.readOnly())
                            .setConfigSource(entry.source().id())
                            .setIsSensitive(false)));
        }
        return created;
    }

    private static Optional<String> assignmentProblem(CreatableTopic topic) {
        int count = topic.assignments().size();
        Set<Integer> seen = new HashSet<>();
        int replicas = topic.assignments().iterator().next().brokerIds().size();
        for (CreatableReplicaAssignment assignment : topic.assignments()) {
            if (assignment.partitionIndex() < 0 || assignment.partitionIndex() >= count
                    || !seen.add(assignment.partitionIndex())) {
                return Optional.of("Partitions of a manual assignment must be numbered 0 to " + (count - 1)
                        + " once each, found " + assignment.partitionIndex());
            }
            if (assignment.brokerIds().isEmpty()
                    || assignment.brokerIds().size() != replicas) {
                return Optional.of("Partition " + assignment.partitionIndex() + " is assigned to brokers "
                        + assignment.brokerIds() + ": every partition needs the same number of replicas, at least one");
            }
        }
        return Optional.empty();
    }

    private static CreatableTopicResult failure(String name, Errors error, String message) {
        return new CreatableTopicResult().setName(name).setErrorCode(error.code()).setErrorMessage(message);
    }
}
