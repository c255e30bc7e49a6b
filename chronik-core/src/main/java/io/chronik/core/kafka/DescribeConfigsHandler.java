package io.chronik.core.kafka;

import io.chronik.core.metadata.TopicInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * DescribeConfigs for topics and for this broker ({@link ConfigEntries}). A topic resource reports
 * every topic config with its source; the broker resource named by this node's id reports its
 * static settings, and the empty name (the cluster-wide dynamic defaults) reports none, as this node
 * has no dynamic broker configs. Requested keys filter the answer (unknown ones are left out, as
 * Kafka does); synonyms and documentation are included only when asked for.
 */
final class DescribeConfigsHandler implements ApiHandler {

    private final TopicManager topics;
    private final BrokerSettings settings;

    DescribeConfigsHandler(TopicManager topics, BrokerSettings settings) {
        this.topics = topics;
        this.settings = settings;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        DescribeConfigsRequestData data = (DescribeConfigsRequestData) request;
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsResource resource : data.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            response.results().add(result);
            ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
            List<ConfigEntries.Entry> entries;
            if (type == ConfigResource.Type.TOPIC) {
                Optional<TopicInfo> topic = topics.topic(resource.resourceName());
                if (topic.isEmpty()) {
                    fail(result, Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + resource.resourceName()
                            + "' does not exist");
                    continue;
                }
                entries = ConfigEntries.topic(topic.get().configs(), settings);
            } else if (type == ConfigResource.Type.BROKER) {
                if (resource.resourceName().isEmpty()) {
                    entries = List.of();
                } else if (resource.resourceName().equals(Integer.toString(settings.nodeId()))) {
                    entries = ConfigEntries.broker(settings);
                } else {
                    fail(result, Errors.INVALID_REQUEST, "Unexpected broker id, expected " + settings.nodeId()
                            + " or empty string, but received " + resource.resourceName());
                    continue;
                }
            } else {
                fail(result, Errors.INVALID_REQUEST, "Unsupported resource type " + type);
                continue;
            }
            for (ConfigEntries.Entry entry : entries) {
                if (resource.configurationKeys() == null || resource.configurationKeys().contains(entry.name())) {
                    result.configs().add(describe(entry, data.includeSynonyms(), data.includeDocumentation()));
                }
            }
        }
        return ApiHandler.respond(response);
    }

    private static DescribeConfigsResourceResult describe(ConfigEntries.Entry entry, boolean synonyms,
                                                          boolean documentation) {
        DescribeConfigsResourceResult result = new DescribeConfigsResourceResult()
                .setName(entry.name())
                .setValue(entry.value())
                .setReadOnly(entry.readOnly())
                .setConfigSource(entry.source().id())
                .setIsSensitive(false)
                .setConfigType(entry.type().id())
                .setDocumentation(documentation ? entry.documentation() : null);
        if (synonyms) {
            entry.synonyms().forEach(s -> result.synonyms().add(new DescribeConfigsSynonym()
                    .setName(s.name()).setValue(s.value()).setSource(s.source().id())));
        }
        return result;
    }

    private static void fail(DescribeConfigsResult result, Errors error, String message) {
        result.setErrorCode(error.code()).setErrorMessage(message);
    }
}
