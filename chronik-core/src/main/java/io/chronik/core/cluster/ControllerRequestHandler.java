package io.chronik.core.cluster;

import io.chronik.spi.forwarding.ForwardedRequestHandler;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of forwarding: decodes a {@link MetadataOperation} another node forwarded here and
 * answers with what the local {@link MetadataController} did. The forwarder exists before the
 * controller (it is a plugin created early in the node's start), so the controller is attached later;
 * until then, and whenever this node does not lead, the answer is {@code NOT_CONTROLLER}, which the
 * sender retries. A request that does not decode fails (the forwarder reports it to the sender as a
 * remote error) and is logged with the sender. Thread-safe; never blocks.
 */
public final class ControllerRequestHandler implements ForwardedRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerRequestHandler.class);

    private final int nodeId;
    private final AtomicReference<MetadataController> controller = new AtomicReference<>();

    public ControllerRequestHandler(int nodeId) {
        this.nodeId = nodeId;
    }

    /** Answers with {@code controller} from now on. */
    public void attach(MetadataController attached) {
        controller.set(attached);
    }

    @Override
    public CompletableFuture<ByteBuffer> handle(int fromNode, ByteBuffer request) {
        MetadataOperation operation;
        try {
            operation = MetadataOperationCodec.decodeRequest(request);
        } catch (PeerFormatException e) {
            LOG.warn("node {}: refused a malformed forwarded request from node {}: {}", nodeId, fromNode,
                    e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        MetadataController current = controller.get();
        if (current == null) {
            return CompletableFuture.completedFuture(MetadataOperationCodec.encodeResponse(OperationResult.failed(
                    Errors.NOT_CONTROLLER, "node " + nodeId + " is still starting")));
        }
        return current.execute(operation).thenApply(MetadataOperationCodec::encodeResponse);
    }
}
