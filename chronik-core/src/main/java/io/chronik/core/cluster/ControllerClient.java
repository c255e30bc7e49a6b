package io.chronik.core.cluster;

import io.chronik.spi.Time;
import io.chronik.spi.forwarding.LeaderForwarder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How any node gets a {@link MetadataOperation} executed by the controller: on the metadata leader it
 * runs on the local {@link MetadataController}; elsewhere it goes to the leader through the
 * {@link LeaderForwarder} ({@link MetadataOperationCodec}), which supplies correlation and per-call
 * timeouts.
 *
 * <h2>Retries and answers</h2>
 * While no leader is known, the leader answers {@code NOT_CONTROLLER} (it lost or has not finished
 * taking leadership), or the call fails in transport, the client tries again every
 * {@value #RETRY_BACKOFF_MS} ms against whoever leads then, until the operation timeout; after that it
 * answers {@code NOT_CONTROLLER}, which Kafka clients retry. A retried operation may have executed
 * already (its answer was lost): a repeated creation then reports {@code TOPIC_ALREADY_EXISTS}, as in
 * Kafka. A successful write is answered only once this node has applied it, so a client that asks the
 * same node next sees the change.
 *
 * <h2>Threading</h2>
 * {@link #submit} may be called from any thread and never blocks; retries run on one timer thread.
 */
public final class ControllerClient implements AutoCloseable {

    static final long RETRY_BACKOFF_MS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(ControllerClient.class);

    private final MetadataQuorum quorum;
    private final MetadataController controller;
    private final Optional<LeaderForwarder> forwarder;
    private final Time time;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final Set<CompletableFuture<OperationResult>> waiting = ConcurrentHashMap.newKeySet();

    public ControllerClient(MetadataQuorum quorum, MetadataController controller, Optional<LeaderForwarder> forwarder,
                            Time time, Duration timeout) {
        this.quorum = quorum;
        this.controller = controller;
        this.forwarder = forwarder;
        this.time = time;
        this.timeout = timeout;
        this.timer = ClusterThreads.single("controller-client", quorum.nodeId());
    }

    /** Has the controller execute {@code operation}; completes with its result, never exceptionally. */
    public CompletableFuture<OperationResult> submit(MetadataOperation operation) {
        CompletableFuture<OperationResult> result = new CompletableFuture<>();
        waiting.add(result);
        result.whenComplete((r, e) -> waiting.remove(result));
        attempt(operation, time.milliseconds() + timeout.toMillis(), result);
        return result;
    }

    /** The blocking form for request-handler threads: waits at most the operation timeout (plus slack). */
    public OperationResult call(MetadataOperation operation) {
        return submit(operation).completeOnTimeout(OperationResult.failed(Errors.REQUEST_TIMED_OUT,
                "no answer from the controller"), timeout.toMillis() * 2, TimeUnit.MILLISECONDS).join();
    }

    private void attempt(MetadataOperation operation, long deadline, CompletableFuture<OperationResult> result) {
        OptionalInt leader = quorum.status().leader();
        if (leader.isPresent() && leader.getAsInt() == quorum.nodeId()) {
            controller.execute(operation).whenComplete((answer, error) ->
                    settle(operation, deadline, result, answer, error));
        } else if (leader.isPresent() && forwarder.isPresent()) {
            long remaining = Math.max(1, deadline - time.milliseconds());
            forwarder.get().forward(leader.getAsInt(), MetadataOperationCodec.encodeRequest(operation),
                    Duration.ofMillis(remaining)).whenComplete((bytes, error) -> {
                        if (error != null) {
                            settle(operation, deadline, result, null, error);
                        } else {
                            settle(operation, deadline, result, decode(bytes), null);
                        }
                    });
        } else {
            retry(operation, deadline, result, "no metadata leader is known");
        }
    }

    private static OperationResult decode(ByteBuffer bytes) {
        try {
            return MetadataOperationCodec.decodeResponse(bytes);
        } catch (PeerFormatException e) {
            return OperationResult.failed(Errors.UNKNOWN_SERVER_ERROR, "malformed controller answer: " + e.getMessage());
        }
    }

    private void settle(MetadataOperation operation, long deadline, CompletableFuture<OperationResult> result,
                        OperationResult answer, Throwable error) {
        if (error != null) {
            retry(operation, deadline, result, "forwarding failed: " + error.getMessage());
        } else if (answer.error() == Errors.NOT_CONTROLLER) {
            retry(operation, deadline, result, answer.message().orElse("not the controller"));
        } else if (answer.appliedOffset() < 0) {
            result.complete(answer);
        } else {
            long remaining = Math.max(1, deadline - time.milliseconds());
            quorum.awaitApplied(answer.appliedOffset())
                    .orTimeout(remaining, TimeUnit.MILLISECONDS)
                    .whenComplete((ok, notApplied) -> result.complete(notApplied == null ? answer
                            : OperationResult.failed(Errors.REQUEST_TIMED_OUT, "the change was committed at offset "
                                    + answer.appliedOffset() + " but node " + quorum.nodeId()
                                    + " did not apply it in time")));
        }
    }

    private void retry(MetadataOperation operation, long deadline, CompletableFuture<OperationResult> result,
                       String why) {
        if (time.milliseconds() + RETRY_BACKOFF_MS > deadline) {
            LOG.debug("node {}: giving up on {}: {}", quorum.nodeId(), operation, why);
            result.complete(OperationResult.failed(Errors.NOT_CONTROLLER, "no metadata leader answered within "
                    + timeout.toMillis() + " ms: " + why));
            return;
        }
        try {
            timer.schedule(() -> attempt(operation, deadline, result), RETRY_BACKOFF_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            result.complete(OperationResult.failed(Errors.NOT_CONTROLLER, "node " + quorum.nodeId()
                    + " is shutting down"));
        }
    }

    /** Stops retrying; every operation not answered yet gets {@code NOT_CONTROLLER}. */
    @Override
    public void close() {
        timer.shutdownNow();
        waiting.forEach(f -> f.complete(OperationResult.failed(Errors.NOT_CONTROLLER, "node " + quorum.nodeId()
                + " is shutting down")));
    }
}
