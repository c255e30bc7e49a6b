package io.chronik.core.node;

import io.chronik.spi.forwarding.ForwardedRequestHandler;
import io.chronik.spi.replication.InboundHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node answers to other nodes while it has no replicated-log engine: replication messages
 * are dropped (the transport's delivery is at-most-once, so senders already retry by protocol) and
 * forwarded requests fail, which the caller sees as a remote error. Each is counted
 * ({@code chronik.peer.refused}) and logged, at WARN the first time per peer and at DEBUG after that
 * (a peer retries by protocol and would flood the log), so a cluster wired up before the engine exists
 * shows why it makes no progress. The engine replaces this handler. Thread-safe.
 */
final class PeerTrafficRefuser implements InboundHandler, ForwardedRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PeerTrafficRefuser.class);

    private final int nodeId;
    private final Counter refused;
    private final Set<Integer> warnedPeers = ConcurrentHashMap.newKeySet();

    PeerTrafficRefuser(int nodeId, MeterRegistry meters) {
        this.nodeId = nodeId;
        this.refused = Counter.builder("chronik.peer.refused")
                .description("Messages from other nodes this node cannot serve yet")
                .register(meters);
    }

    @Override
    public void onMessage(int fromNode, ByteBuffer header, ByteBuffer body) {
        refused.increment();
        log(fromNode, "dropped a {}-byte replication message from node {}: node {} runs no replicated-log engine",
                header.remaining() + body.remaining(), fromNode, nodeId);
    }

    @Override
    public CompletableFuture<ByteBuffer> handle(int fromNode, ByteBuffer request) {
        refused.increment();
        log(fromNode, "refused a forwarded request from node {}: node {} runs no metadata controller",
                fromNode, nodeId);
        return CompletableFuture.failedFuture(new IllegalStateException("node " + nodeId
                + " runs no metadata controller and cannot serve forwarded requests"));
    }

    private void log(int fromNode, String format, Object... arguments) {
        if (warnedPeers.add(fromNode)) {
            LOG.warn(format, arguments);
        } else {
            LOG.debug(format, arguments);
        }
    }

    /** How many messages and requests were refused. */
    long count() {
        return (long) refused.count();
    }
}
