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
 * {@link #handle} runs on a request-handler thread and may block briefly; waiting for data or
 * durability is done by returning an incomplete future. Calls for one connection come one at a time
 * in request order. A request that may wait for the controller ({@link #waitsForController}) is the
 * exception: it is handled on the broker's one controller-request thread, in the order such requests
 * arrived from all connections, and its connection's later requests may be handled before it.
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

    /**
     * Whether handling this request may wait for the controller: a metadata write blocks until the
     * controller committed it, up to twice the controller timeout while the controller is slow,
     * unreachable or being elected. Such a request is handled on the controller-request thread, so it
     * never holds one of the request-handler threads that produce, fetch and group traffic need.
     */
    default boolean waitsForController(RequestHeader header, ApiMessage request) {
        return false;
    }

    /** A completed future of a response, for handlers that answer at once. */
    static CompletableFuture<Optional<ApiMessage>> respond(ApiMessage response) {
        return CompletableFuture.completedFuture(Optional.of(response));
    }
}
