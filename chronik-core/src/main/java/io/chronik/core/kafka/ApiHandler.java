package io.chronik.core.kafka;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * The broker behaviour for one Kafka API. A handler supports every version the kafka-clients
 * message classes can decode ({@link ApiKeys#oldestVersion()} to {@link ApiKeys#latestVersion()}),
 * which is exactly what ApiVersions advertises for it.
 *
 * <h2>Threading</h2>
 * {@link #handle} runs on a request-handler thread and may block briefly (a metadata write waits
 * for one WAL flush); waiting for data or durability is done by returning an incomplete future.
 * Calls for one connection come one at a time in request order.
 */
public interface ApiHandler {

    /** The API this handler serves. */
    ApiKeys apiKey();

    /**
     * Handles one decoded request.
     *
     * @param header  the request header (version, correlation id, client id)
     * @param request the request body, of the message class of {@link #apiKey()}
     * @return the response body, or empty when the request expects none (produce with acks=0)
     */
    CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request);

    /** A completed future of a response, for handlers that answer at once. */
    static CompletableFuture<Optional<ApiMessage>> respond(ApiMessage response) {
        return CompletableFuture.completedFuture(Optional.of(response));
    }
}
