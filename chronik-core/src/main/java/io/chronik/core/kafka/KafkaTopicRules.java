package io.chronik.core.kafka;

import io.chronik.core.cluster.OperationResult;
import io.chronik.core.cluster.TopicRules;
import io.chronik.core.metadata.MetadataStateMachine;
import io.chronik.core.metadata.TopicInfo;
import java.util.Optional;
import java.util.SortedMap;
import org.apache.kafka.common.protocol.Errors;

/**
 * Kafka's rules for topic operations, with Kafka's errors and messages: legal and non-colliding
 * names ({@link TopicNames}), partition counts up to {@value TopicManager#MAX_PARTITIONS}, valid
 * config overrides ({@link TopicConfig}). The controller checks them against its latest state.
 */
public final class KafkaTopicRules implements TopicRules {

    @Override
    public Optional<OperationResult> checkNewTopic(String name, int partitions, SortedMap<String, String> configs,
                                                   MetadataStateMachine state) {
        Optional<String> problem = TopicNames.problem(name);
        if (problem.isPresent()) {
            return failed(Errors.INVALID_TOPIC_EXCEPTION, problem.get());
        }
        if (state.topic(name).isPresent()) {
            return failed(Errors.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.");
        }
        String key = TopicNames.collisionKey(name);
        Optional<TopicInfo> collision = state.topics().stream()
                .filter(t -> TopicNames.collisionKey(t.name()).equals(key)).findFirst();
        if (collision.isPresent()) {
            return failed(Errors.INVALID_TOPIC_EXCEPTION, "Topic '" + name + "' collides with existing topic '"
                    + collision.get().name() + "' (names may not differ only by '.' and '_')");
        }
        if (partitions < 1 || partitions > TopicManager.MAX_PARTITIONS) {
            return failed(Errors.INVALID_PARTITIONS, "Number of partitions must be between 1 and "
                    + TopicManager.MAX_PARTITIONS + ", was " + partitions);
        }
        return checkConfigs(configs);
    }

    @Override
    public Optional<OperationResult> checkPartitionCount(String name, int current, int requested) {
        if (requested < current) {
            return failed(Errors.INVALID_PARTITIONS, "Topic currently has " + current
                    + " partitions, which is higher than the requested " + requested + ".");
        }
        if (requested == current) {
            return failed(Errors.INVALID_PARTITIONS, "Topic already has " + current + " partitions.");
        }
        if (requested > TopicManager.MAX_PARTITIONS) {
            return failed(Errors.INVALID_PARTITIONS, "A topic may have at most " + TopicManager.MAX_PARTITIONS
                    + " partitions, requested " + requested);
        }
        return Optional.empty();
    }

    @Override
    public String collisionKey(String name) {
        return TopicNames.collisionKey(name);
    }

    @Override
    public Optional<OperationResult> checkConfigs(SortedMap<String, String> configs) {
        return TopicConfig.problem(configs).flatMap(problem -> failed(Errors.INVALID_CONFIG, problem));
    }

    private static Optional<OperationResult> failed(Errors error, String message) {
        return Optional.of(OperationResult.failed(error, message));
    }
}
