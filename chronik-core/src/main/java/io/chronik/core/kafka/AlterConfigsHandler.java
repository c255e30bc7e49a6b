package io.chronik.core.kafka;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * The legacy, non-incremental AlterConfigs that librdkafka and kafkajs still send: the configs given
 * for a topic replace all its overrides (any config not named returns to its default), validated
 * as a whole ({@link TopicConfig}) and written as one metadata command, or only checked with
 * {@code validate_only}. Only topics can be altered ({@link AlterConfigTarget}).
 */
final class AlterConfigsHandler implements ApiHandler {

    private final TopicManager topics;

    AlterConfigsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CONFIGS;
    }

    @Override
    public boolean waitsForController(RequestHeader header, ApiMessage request) {
        return true; // a metadata write
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        AlterConfigsRequestData data = (AlterConfigsRequestData) request;
        AlterConfigsResponseData response = new AlterConfigsResponseData();
        for (AlterConfigsResource resource : data.resources()) {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            response.responses().add(result);
            TopicResult outcome = replace(resource, data.validateOnly());
            if (outcome.error() != Errors.NONE) {
                result.setErrorCode(outcome.error().code()).setErrorMessage(outcome.message().orElse(null));
            }
        }
        return ApiHandler.respond(response);
    }

    private TopicResult replace(AlterConfigsResource resource, boolean validateOnly) {
        TopicResult target = AlterConfigTarget.resolve(topics, resource.resourceType(), resource.resourceName());
        if (target.error() != Errors.NONE) {
            return target;
        }
        SortedMap<String, String> configs = new TreeMap<>();
        for (AlterableConfig config : resource.configs()) {
            if (config.value() == null) {
                return TopicResult.failed(Errors.INVALID_REQUEST, "Null value not supported for " + config.name());
            }
            if (configs.put(config.name(), config.value()) != null) {
                return TopicResult.failed(Errors.INVALID_REQUEST, "Error due to duplicate config keys: "
                        + config.name());
            }
        }
        return topics.alterConfigs(target.topic().orElseThrow(), configs, validateOnly);
    }
}
