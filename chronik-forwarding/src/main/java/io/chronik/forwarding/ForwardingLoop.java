package io.chronik.forwarding;

import io.chronik.spi.NodeEndpoint;
import io.chronik.spi.Time;
import io.chronik.spi.forwarding.ForwardedRequestHandler;
import io.chronik.spi.forwarding.ForwardingException;
import io.chronik.spi.forwarding.ForwardingException.Reason;
import io.chronik.tcp.Handshake;
import io.chronik.tcp.SelectorLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarder's single I/O thread, driven by the shared {@link SelectorLoop}: the listener, the
 * server connections other nodes dialed, and one client connection per node this node calls.
 *
 * <h2>Calls</h2>
 * A call is handed over through a queue; the loop dials the node if it has no connection to it (so a
 * node is redialed on the first call after a failure), registers the call under its correlation id and
 * writes the request. Requests are pipelined: any number may be in flight on one connection, and
 * responses are matched by id in whatever order they come. A call ends exactly once: with its
 * response, {@code REMOTE_ERROR}, {@code TIMEOUT} (checked every {@value #TICK_MS} ms while calls are
 * pending; the entry is removed and a late response ignored), {@code UNREACHABLE} when the connect,
 * the handshake or the connection fails, or {@code CLOSED}.
 *
 * <h2>Serving</h2>
 * A request on a server connection goes to the {@link ForwardedRequestHandler} with a copy of its
 * bytes; when the handler's future completes (on any thread) the response is handed back to this
 * thread and written, unless the connection has closed meanwhile.
 *
 * <h2>Threading</h2>
 * All connection state lives on this thread; other threads only add to the call and reply queues and
 * wake the selector. Futures complete on this thread. Host names are resolved when dialing, here.
 */
final class ForwardingLoop implements SelectorLoop.Handler<RpcConnection>, RpcConnection.Events {

    static final long TICK_MS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ForwardingLoop.class);

    /** A call on its way to the loop, with its encoded request. */
    private record Outgoing(PendingCall call, ByteBuffer frame) {
    }

    /** A response on its way back to the connection its request came on. */
    private record Reply(RpcConnection connection, ByteBuffer frame) {
    }

    private final int nodeId;
    private final String clusterId;
    private final Handshake ours;
    private final int maxMessageBytes;
    private final ForwardingSettings settings;
    private final Map<Integer, NodeEndpoint> peers;
    private final ForwardedRequestHandler handler;
    private final Time time;
    private final ForwardingMeters meters;
    private final SelectorLoop selectorLoop;
    private final Map<Integer, RpcConnection> clients = new HashMap<>();
    private final Set<RpcConnection> connections = new LinkedHashSet<>();
    private final ConcurrentLinkedQueue<Outgoing> calls = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();

    ForwardingLoop(int nodeId, String clusterId, int maxMessageBytes, ForwardingSettings settings,
                   Map<Integer, NodeEndpoint> peers, ForwardedRequestHandler handler, Time time,
                   ForwardingMeters meters, SelectorLoop selectorLoop) {
        this.nodeId = nodeId;
        this.clusterId = clusterId;
        this.ours = new Handshake(nodeId, clusterId);
        this.maxMessageBytes = maxMessageBytes;
        this.settings = settings;
        this.peers = peers;
        this.handler = handler;
        this.time = time;
        this.meters = meters;
        this.selectorLoop = selectorLoop;
    }

    /** Hands a call to the loop; fails it with {@code CLOSED} if the loop has ended. */
    void submit(PendingCall call, ByteBuffer request) {
        calls.add(new Outgoing(call, request));
        if (selectorLoop.stopped()) {
            failQueuedCalls();
        } else {
            selectorLoop.wakeup();
        }
    }

    boolean stopping() {
        return selectorLoop.stopping();
    }

    /**
     * Fails pending calls with {@code CLOSED}, closes everything and ends the loop, waiting for it unless
     * called on the loop thread.
     */
    void close() {
        selectorLoop.close();
    }

    @Override
    public long selectTimeoutMillis() {
        return connections.stream().anyMatch(c -> !c.handshaken() || c.hasPending()) ? TICK_MS : 0;
    }

    @Override
    public void afterSelect(long now) {
        drainCalls(now);
        drainReplies(now);
        expire(now);
    }

    @Override
    public RpcConnection accepted(SocketChannel channel, long now) {
        RpcConnection connection = new RpcConnection(channel, Optional.empty(), maxMessageBytes, this, now);
        connection.queue(RpcCodec.encodeHandshake(ours));
        connections.add(connection);
        return connection;
    }

    /** TCP is up: write the handshake queued when the connection was made, and any calls behind it. */
    @Override
    public void opened(RpcConnection connection, long now) throws IOException {
        connection.flush(now);
    }

    private RpcConnection dial(NodeEndpoint endpoint, long now) throws IOException {
        SocketChannel channel = SocketChannel.open();
        RpcConnection connection = new RpcConnection(channel, Optional.of(endpoint.nodeId()), maxMessageBytes, this,
                now);
        try {
            selectorLoop.connect(connection, endpoint);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.queue(RpcCodec.encodeHandshake(ours));
        connections.add(connection);
        clients.put(endpoint.nodeId(), connection);
        return connection;
    }

    /** Registers and queues every new call, then writes once per connection touched. */
    private void drainCalls(long now) {
        Set<RpcConnection> touched = new LinkedHashSet<>();
        Outgoing outgoing;
        while ((outgoing = calls.poll()) != null) {
            PendingCall call = outgoing.call();
            RpcConnection connection = clients.get(call.nodeId());
            if (connection == null) {
                NodeEndpoint endpoint = peers.get(call.nodeId());
                try {
                    connection = dial(endpoint, now);
                } catch (IOException | RuntimeException e) {
                    fail(call, Reason.UNREACHABLE, "cannot connect to node " + call.nodeId() + " at "
                            + endpoint.host() + ":" + endpoint.port() + ": " + e);
                    continue;
                }
            }
            connection.addPending(call);
            connection.queue(outgoing.frame());
            touched.add(connection);
        }
        touched.forEach(connection -> flushIfConnected(connection, now));
    }

    /** Queues every finished response on its connection, unless that closed meanwhile, then writes. */
    private void drainReplies(long now) {
        Set<RpcConnection> touched = new LinkedHashSet<>();
        Reply reply;
        while ((reply = replies.poll()) != null) {
            if (reply.connection().isOpen()) {
                reply.connection().queue(reply.frame());
                touched.add(reply.connection());
            } else {
                LOG.debug("node {}: dropping a response: {} closed", nodeId, reply.connection());
            }
        }
        touched.forEach(connection -> flushIfConnected(connection, now));
    }

    private void flushIfConnected(RpcConnection connection, long now) {
        if (connection.isOpen() && connection.connected()) {
            try {
                connection.flush(now);
            } catch (IOException e) {
                close(connection, e.toString(), false, now);
            }
        }
    }

    private void expire(long now) {
        long connectTimeout = settings.connectTimeout().toNanos();
        for (RpcConnection connection : List.copyOf(connections)) {
            if (!connection.handshaken() && now - connection.openedNanos() > connectTimeout) {
                close(connection, "no connection and handshake within " + settings.connectTimeout().toMillis()
                        + " ms", false, now);
                continue;
            }
            for (PendingCall call : connection.expire(now)) {
                fail(call, Reason.TIMEOUT, "no response from node " + call.nodeId() + " within "
                        + TimeUnit.NANOSECONDS.toMillis(call.deadlineNanos() - call.startNanos()) + " ms");
            }
        }
    }

    @Override
    public void onHandshake(RpcConnection connection, Handshake theirs) {
        Optional<String> refusal = theirs.refusal(clusterId, nodeId, connection.dialedNode(), peers.keySet());
        if (refusal.isPresent()) {
            throw new RpcProtocolException("handshake refused: " + refusal.get());
        }
        connection.handshakeAccepted(theirs.nodeId());
        LOG.debug("node {}: handshake done on {}", nodeId, connection);
    }

    @Override
    public void onFrame(RpcConnection connection, RpcCodec.Frame frame) {
        boolean client = connection.dialedNode().isPresent();
        if (client && frame.type() != RpcCodec.TYPE_REQUEST) {
            long now = time.nanoseconds();
            connection.removePending(frame.correlationId()).ifPresentOrElse(call -> complete(call, frame, now),
                    () -> LOG.debug("node {}: response {} on {} came after its call ended", nodeId,
                            frame.correlationId(), connection));
        } else if (!client && frame.type() == RpcCodec.TYPE_REQUEST) {
            serve(connection, frame);
        } else {
            throw new RpcProtocolException("unexpected frame type " + frame.type() + " on a " + connection);
        }
    }

    private void complete(PendingCall call, RpcCodec.Frame frame, long now) {
        if (frame.type() == RpcCodec.TYPE_ERROR) {
            fail(call, Reason.REMOTE_ERROR, RpcCodec.errorMessage(frame.payload()));
            return;
        }
        ByteBuffer response = ByteBuffer.allocate(frame.payload().remaining()).put(frame.payload()).flip();
        meters.succeeded(now - call.startNanos());
        call.future().complete(response);
    }

    private void serve(RpcConnection connection, RpcCodec.Frame frame) {
        meters.served();
        long id = frame.correlationId();
        int from = connection.peer().orElseThrow();
        ByteBuffer request = ByteBuffer.allocate(frame.payload().remaining()).put(frame.payload()).flip();
        CompletableFuture<ByteBuffer> answer;
        try {
            answer = handler.handle(from, request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (answer == null) {
            answer = CompletableFuture.failedFuture(new IllegalStateException("the request handler returned no future"));
        }
        answer.whenComplete((response, error) -> {
            replies.add(new Reply(connection, encodeAnswer(id, response, error)));
            selectorLoop.wakeup();
        });
    }

    private ByteBuffer encodeAnswer(long id, ByteBuffer response, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
            return RpcCodec.encodeError(id, message, maxMessageBytes);
        }
        if (response == null) {
            return RpcCodec.encodeError(id, "the request handler completed without a response", maxMessageBytes);
        }
        if (response.remaining() > maxMessageBytes) {
            return RpcCodec.encodeError(id, "response of " + response.remaining() + " bytes exceeds maxMessageBytes "
                    + maxMessageBytes, maxMessageBytes);
        }
        return RpcCodec.encodeFrame(RpcCodec.TYPE_RESPONSE, id, response);
    }

    @Override
    public void close(RpcConnection connection, String reason, boolean protocolError, long now) {
        if (!connection.isOpen()) {
            return;
        }
        connection.close();
        connections.remove(connection);
        if (connection.dialedNode().isEmpty()) {
            if (protocolError || !connection.handshaken()) {
                LOG.warn("node {}: closed {}: {}", nodeId, connection, reason);
            } else {
                LOG.debug("node {}: closed {}: {}", nodeId, connection, reason);
            }
            return;
        }
        int node = connection.dialedNode().get();
        clients.remove(node, connection);
        NodeEndpoint endpoint = peers.get(node);
        String message = connection.handshaken() ? "connection to node " + node + " lost: " + reason
                : "cannot connect to node " + node + " at " + endpoint.host() + ":" + endpoint.port() + ": " + reason;
        List<PendingCall> failed = connection.drainPending();
        if (protocolError || !failed.isEmpty()) {
            LOG.warn("node {}: {}; failing {} pending calls", nodeId, message, failed.size());
        } else {
            LOG.debug("node {}: {}", nodeId, message);
        }
        failed.forEach(call -> fail(call, Reason.UNREACHABLE, message));
    }

    private void fail(PendingCall call, Reason reason, String message) {
        meters.failed(reason);
        call.future().completeExceptionally(new ForwardingException(reason, message));
    }

    private void failQueuedCalls() {
        Outgoing outgoing;
        while ((outgoing = calls.poll()) != null) {
            fail(outgoing.call(), Reason.CLOSED, "the forwarder of node " + nodeId + " is closed");
        }
    }

    @Override
    public void shutdown() {
        for (RpcConnection connection : List.copyOf(connections)) {
            connection.drainPending().forEach(call -> fail(call, Reason.CLOSED,
                    "the forwarder of node " + nodeId + " closed before node " + call.nodeId() + " answered"));
            connection.close();
        }
        connections.clear();
        clients.clear();
        failQueuedCalls();
        replies.clear();
    }
}
