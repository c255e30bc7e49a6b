package io.chronik.core.kafka;

import io.chronik.core.metadata.TopicInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * IncrementalAlterConfigs for topics: SET, DELETE (back to the broker default), and APPEND /
 * SUBTRACT for list configs, merged into the topic's current overrides, validated as a whole
 * ({@link TopicConfig}: unknown names and bad values are {@code INVALID_CONFIG}) and written as one
 * metadata command, or only checked with {@code validate_only}. Only topics can be altered
 * ({@link AlterConfigTarget}). Deleting a config that is not set changes nothing and succeeds, as in
 * Kafka: this is what {@code kafka-reassign-partitions.sh --verify/--cancel} send to clear the
 * replication throttles of topics and brokers (this node has no dynamic broker configs, so a request
 * that only deletes broker configs succeeds).
 */
final class IncrementalAlterConfigsHandler implements ApiHandler {

    private final TopicManager topics;

    IncrementalAlterConfigsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public boolean waitsForController(RequestHeader header, ApiMessage request) {
        return true; // a metadata write
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        IncrementalAlterConfigsRequestData data = (IncrementalAlterConfigsRequestData) request;
        IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
        for (AlterConfigsResource resource : data.resources()) {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            response.responses().add(result);
            TopicResult outcome = alter(resource, data.validateOnly());
            if (outcome.error() != Errors.NONE) {
                result.setErrorCode(outcome.error().code()).setErrorMessage(outcome.message().orElse(null));
            }
        }
        return ApiHandler.respond(response);
    }

    private TopicResult alter(AlterConfigsResource resource, boolean validateOnly) {
        if (ConfigResource.Type.forId(resource.resourceType()) == ConfigResource.Type.BROKER
                && resource.configs().stream().allMatch(c -> c.configOperation() == AlterConfigOp.OpType.DELETE.id())) {
            // no dynamic broker config is ever set here, so there is none to delete
            return new TopicResult(Errors.NONE, Optional.empty(), Optional.empty());
        }
        TopicResult target = AlterConfigTarget.resolve(topics, resource.resourceType(), resource.resourceName());
        if (target.error() != Errors.NONE) {
            return target;
        }
        TopicInfo topic = target.topic().orElseThrow();
        Set<String> names = new HashSet<>();
        SortedMap<String, String> merged = new TreeMap<>(topic.configs());
        for (AlterableConfig config : resource.configs()) {
            if (!names.add(config.name())) {
                return TopicResult.failed(Errors.INVALID_REQUEST, "Error due to duplicate config keys: "
                        + config.name());
            }
            Optional<String> problem = apply(config, merged);
            if (problem.isPresent()) {
                return TopicResult.failed(Errors.INVALID_CONFIG, problem.get());
            }
        }
        if (merged.equals(topic.configs())) {
            return TopicResult.ok(topic); // e.g. only deletions of configs that are not set
        }
        return topics.alterConfigs(topic, merged, validateOnly);
    }

    /** Applies one operation to {@code overrides}; why it cannot be applied, if it cannot. */
    private Optional<String> apply(AlterableConfig config, SortedMap<String, String> overrides) {
        AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(config.configOperation());
        if (op == null) {
            return Optional.of("Unknown config operation " + config.configOperation() + " for " + config.name());
        }
        // Deleting is always allowed, even a name this broker does not know: a stored one (topics
        // created before configs were validated may hold such names) goes, a missing one changes nothing.
        if (op == AlterConfigOp.OpType.DELETE) {
            overrides.remove(config.name());
            return Optional.empty();
        }
        Optional<TopicConfig> known = TopicConfig.named(config.name());
        if (known.isEmpty()) {
            return Optional.of("Unknown topic config name: " + config.name());
        }
        if (config.value() == null) {
            return Optional.of("Null value not supported for " + config.name());
        }
        if (op == AlterConfigOp.OpType.SET) {
            overrides.put(config.name(), config.value());
            return Optional.empty();
        }
        if (known.get().type() != ConfigType.LIST) {
            return Optional.of("Config value append/subtract is not allowed for config " + config.name()
                    + " as it is not a list type");
        }
        String current = overrides.getOrDefault(config.name(), "");
        Set<String> items = new LinkedHashSet<>(split(current));
        if (op == AlterConfigOp.OpType.APPEND) {
            items.addAll(split(config.value()));
        } else {
            split(config.value()).forEach(items::remove);
        }
        overrides.put(config.name(), String.join(",", items));
        return Optional.empty();
    }

    private static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }
}
