package io.chronik.core.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * ApiVersions: advertises exactly the APIs that have a handler (plus ApiVersions itself), each with
 * the full version range the kafka-clients message classes support. A v3+ request whose client
 * software name or version breaks Kafka's rules gets {@code INVALID_REQUEST}, as from Kafka.
 */
final class ApiVersionsHandler implements ApiHandler {

    private final List<ApiKeys> advertised;

    /** @param implemented the APIs of every other handler */
    ApiVersionsHandler(Collection<ApiKeys> implemented) {
        this.advertised = Stream.concat(implemented.stream(), Stream.of(apiKey()))
                .distinct().toList();
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        ApiVersionsRequest typed = new ApiVersionsRequest((ApiVersionsRequestData) request, header.apiVersion());
        ApiVersionsResponseData response = new ApiVersionsResponseData()
                .setApiKeys(KafkaRequestDispatcher.supportedVersions(advertised));
        if (header.apiVersion() >= 3 && !typed.isValid()) {
            response.setErrorCode(Errors.INVALID_REQUEST.code());
        }
        return ApiHandler.respond(response);
    }
}
