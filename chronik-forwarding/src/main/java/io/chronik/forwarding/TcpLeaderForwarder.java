package io.chronik.forwarding;

import io.chronik.spi.PluginException;
import io.chronik.spi.forwarding.ForwardingException;
import io.chronik.spi.forwarding.ForwardingException.Reason;
import io.chronik.spi.forwarding.LeaderForwarder;
import io.chronik.spi.forwarding.LeaderForwarderConfig;
import io.chronik.spi.forwarding.LeaderForwarderContext;
import io.chronik.tcp.LengthPrefixedReader;
import io.chronik.tcp.Listener;
import io.chronik.tcp.SelectorLoop;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code tcp} leader forwarder: request/response RPC over TCP with pipelined calls matched by
 * correlation id (wire format in {@link RpcCodec}, connection handling in {@link ForwardingLoop}).
 *
 * <p>{@link #forward} copies the request and returns at once. A request larger than
 * {@code maxMessageBytes}, or a timeout that is not positive, is misuse and throws
 * {@link IllegalArgumentException}; every other failure arrives through the future as a
 * {@link ForwardingException}.
 *
 * <p>Thread-safe.
 */
final class TcpLeaderForwarder implements LeaderForwarder {

    /** Longer timeouts are cut to this, which keeps deadline arithmetic far from overflow. */
    private static final Duration MAX_TIMEOUT = Duration.ofDays(365);

    private final LeaderForwarderConfig config;
    private final ForwardingLoop loop;
    private final InetSocketAddress localAddress;
    private final ForwardingMeters meters;
    private final LeaderForwarderContext context;
    private final AtomicLong correlationIds = new AtomicLong();

    private TcpLeaderForwarder(LeaderForwarderConfig config, ForwardingLoop loop, InetSocketAddress localAddress,
                               ForwardingMeters meters, LeaderForwarderContext context) {
        this.config = config;
        this.loop = loop;
        this.localAddress = localAddress;
        this.meters = meters;
        this.context = context;
    }

    /**
     * Binds the {@link Listener} and starts the I/O thread. Connections to other nodes are made on their
     * first call.
     *
     * @throws PluginException if the listener cannot bind
     */
    static TcpLeaderForwarder start(LeaderForwarderConfig config, ForwardingSettings settings,
                                    LeaderForwarderContext context) {
        SelectorLoop.Owner owner = new SelectorLoop.Owner("leader forwarder of node " + config.nodeId(),
                "forwarding", false);
        LengthPrefixedReader.requireContentLimit(config.maxMessageBytes(), owner.description(), PluginException::new);
        Listener listener = Listener.bind(config.listen(), owner.description(), PluginException::new);
        ForwardingMeters meters = new ForwardingMeters(context.meters());
        SelectorLoop selectorLoop = new SelectorLoop(listener, owner, context);
        ForwardingLoop loop = new ForwardingLoop(config.nodeId(), config.clusterId(), config.maxMessageBytes(),
                settings, config.peers(), context.handler(), context.time(), meters, selectorLoop);
        selectorLoop.start(loop, RpcConnection.class);
        return new TcpLeaderForwarder(config, loop, listener.localAddress(), meters, context);
    }

    @Override
    public CompletableFuture<ByteBuffer> forward(int nodeId, ByteBuffer request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (request.remaining() > config.maxMessageBytes()) {
            throw new IllegalArgumentException("request of " + request.remaining() + " bytes exceeds maxMessageBytes "
                    + config.maxMessageBytes());
        }
        meters.requested();
        if (loop.stopping()) {
            return failed(Reason.CLOSED, "the forwarder of node " + config.nodeId() + " is closed");
        }
        if (!config.peers().containsKey(nodeId)) {
            return failed(Reason.UNKNOWN_NODE, "no forwarding endpoint is configured for node " + nodeId);
        }
        long id = correlationIds.incrementAndGet();
        long now = context.time().nanoseconds();
        long timeoutNanos = (timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : timeout).toNanos();
        PendingCall call = new PendingCall(id, nodeId, new CompletableFuture<>(), now, now + timeoutNanos);
        loop.submit(call, RpcCodec.encodeFrame(RpcCodec.TYPE_REQUEST, id, request));
        return call.future();
    }

    private CompletableFuture<ByteBuffer> failed(Reason reason, String message) {
        meters.failed(reason);
        return CompletableFuture.failedFuture(new ForwardingException(reason, message));
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void close() {
        loop.close();
        meters.remove();
    }
}
