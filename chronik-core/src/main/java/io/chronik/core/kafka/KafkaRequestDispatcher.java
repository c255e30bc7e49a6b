package io.chronik.core.kafka;

import io.chronik.core.network.ConnectionId;
import io.chronik.core.network.MalformedRequestException;
import io.chronik.core.network.RequestDispatcher;
import io.chronik.core.network.ResponseFrame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes Kafka request frames and routes them to the {@link ApiHandler} of their API. Thread-safe:
 * called on any request-handler thread.
 *
 * <ul>
 *   <li>A header or body the kafka-clients classes cannot decode closes the connection
 *       ({@link MalformedRequestException}), as Kafka does.</li>
 *   <li>An API this broker does not implement, in a version the classes can decode, gets the API's
 *       own error response with {@code UNSUPPORTED_VERSION}; the connection stays open.</li>
 *   <li>ApiVersions in a version newer than this broker knows gets a version-0 response with
 *       {@code UNSUPPORTED_VERSION} and the supported ranges, so the client retries with a version
 *       both sides know (the ApiVersions v3+ fallback, KIP-511).</li>
 * </ul>
 *
 * <p>A request whose handler {@linkplain ApiHandler#waitsForController waits for the controller} is
 * handed to the controller-request executor and this call returns at once, so a slow or absent
 * controller holds that executor's thread, never the request-handler threads.
 *
 * <p>Fetch responses are encoded as parts ({@link ResponseFrames#encodeChunked}) so their record data
 * goes from the WAL's files to the socket without a copy; every other response is one buffer.
 */
public final class KafkaRequestDispatcher implements RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRequestDispatcher.class);

    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);
    private final Map<ApiKeys, Counter> requestCounters = new ConcurrentHashMap<>();
    private final Executor controllerRequests;
    private final MeterRegistry meters;

    /**
     * @param controllerRequests runs the requests that may wait for the controller, one at a time in
     *                           submission order (a single thread)
     */
    public KafkaRequestDispatcher(Collection<ApiHandler> handlers, Executor controllerRequests, MeterRegistry meters) {
        this.controllerRequests = controllerRequests;
        this.meters = meters;
        handlers.forEach(h -> this.handlers.put(h.apiKey(), h));
    }

    /** The APIs this dispatcher serves, for ApiVersions. */
    static ApiVersionsResponseData.ApiVersionCollection supportedVersions(Collection<ApiKeys> apis) {
        ApiVersionsResponseData.ApiVersionCollection versions = new ApiVersionsResponseData.ApiVersionCollection();
        apis.stream().sorted().forEach(api -> versions.add(new ApiVersionsResponseData.ApiVersion()
                .setApiKey(api.id)
                .setMinVersion(api.oldestVersion())
                .setMaxVersion(api.latestVersion())));
        return versions;
    }

    @Override
    public CompletableFuture<Optional<ResponseFrame>> dispatch(ConnectionId connection, ByteBuffer frame) {
        RequestHeader header;
        try {
            header = RequestHeader.parse(frame);
        } catch (RuntimeException e) {
            throw new MalformedRequestException("cannot parse request header: " + e.getMessage(), e);
        }
        ApiKeys api = header.apiKey();
        short version = header.apiVersion();
        count(api);
        if (api == ApiKeys.API_VERSIONS && !api.isVersionSupported(version)) {
            return respond(api, (short) 0, header.correlationId(), unsupportedApiVersions());
        }
        if (!api.isVersionSupported(version)) {
            throw new MalformedRequestException(api + " version " + version + " cannot be decoded (supported "
                    + api.oldestVersion() + " to " + api.latestVersion() + ")");
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            throw new MalformedRequestException("cannot parse " + api + " v" + version + " request: " + e, e);
        }
        ApiHandler handler = handlers.get(api);
        if (handler == null) {
            LOG.debug("{} asked for unsupported API {} v{}", connection, api, version);
            ApiMessage error = request.getErrorResponse(new UnsupportedVersionException(
                    "API " + api + " is not supported by this broker")).data();
            return respond(api, version, header.correlationId(), error);
        }
        CompletableFuture<Optional<ApiMessage>> handled;
        try {
            handled = handler.waitsForController(header, request.data())
                    ? CompletableFuture.supplyAsync(() -> handler.handle(header, request.data()), controllerRequests)
                            .thenCompose(Function.identity())
                    : handler.handle(header, request.data());
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        return handled
                .exceptionally(failure -> Optional.of(errorResponse(connection, header, request, failure)))
                .thenApply(body -> body.map(b -> encode(api, version, header.correlationId(), b)));
    }

    /** A handler failed unexpectedly: answer with the API's own error response, as Kafka does. */
    private static ApiMessage errorResponse(ConnectionId connection, RequestHeader header, AbstractRequest request,
                                            Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        LOG.error("{} failed to handle {} v{} from {}", connection, header.apiKey(), header.apiVersion(),
                header.clientId(), cause);
        return request.getErrorResponse(cause).data();
    }

    private ApiVersionsResponseData unsupportedApiVersions() {
        return new ApiVersionsResponseData()
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setApiKeys(supportedVersions(handlers.keySet()));
    }

    private static CompletableFuture<Optional<ResponseFrame>> respond(ApiKeys api, short version, int correlationId,
                                                                    ApiMessage body) {
        return CompletableFuture.completedFuture(Optional.of(encode(api, version, correlationId, body)));
    }

    private static ResponseFrame encode(ApiKeys api, short version, int correlationId, ApiMessage body) {
        return api == ApiKeys.FETCH ? ResponseFrames.encodeChunked(api, version, correlationId, body)
                : ResponseFrame.of(ResponseFrames.encode(api, version, correlationId, body));
    }

    private void count(ApiKeys api) {
        requestCounters.computeIfAbsent(api, a -> Counter.builder("chronik.kafka.requests")
                .description("Kafka requests received")
                .tag("api", a.name)
                .register(meters)).increment();
    }
}
