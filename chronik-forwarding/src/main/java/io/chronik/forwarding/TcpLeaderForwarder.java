package io.chronik.forwarding;

import io.chronik.spi.PluginException;
import io.chronik.spi.forwarding.ForwardingException;
import io.chronik.spi.forwarding.ForwardingException.Reason;
import io.chronik.spi.forwarding.LeaderForwarder;
import io.chronik.spi.forwarding.LeaderForwarderConfig;
import io.chronik.spi.forwarding.LeaderForwarderContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
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

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);
    /** Longer timeouts are cut to this, which keeps deadline arithmetic far from overflow. */
    private static final Duration MAX_TIMEOUT = Duration.ofDays(365);
    /** Above this a frame's length no longer fits an int. */
    static final int MAX_MESSAGE_BYTES_LIMIT = Integer.MAX_VALUE - 1024;

    private final LeaderForwarderConfig config;
    private final ForwardingLoop loop;
    private final Thread thread;
    private final InetSocketAddress localAddress;
    private final ForwardingMeters meters;
    private final LeaderForwarderContext context;
    private final AtomicLong correlationIds = new AtomicLong();

    private TcpLeaderForwarder(LeaderForwarderConfig config, ForwardingLoop loop, Thread thread,
                               InetSocketAddress localAddress, ForwardingMeters meters, LeaderForwarderContext context) {
        this.config = config;
        this.loop = loop;
        this.thread = thread;
        this.localAddress = localAddress;
        this.meters = meters;
        this.context = context;
    }

    /**
     * Binds the listener (with {@code SO_REUSEADDR}, so a restarted node gets its port back at once)
     * and starts the I/O thread. Connections to other nodes are made on their first call.
     *
     * @throws PluginException if the listener cannot bind
     */
    static TcpLeaderForwarder start(LeaderForwarderConfig config, ForwardingSettings settings,
                                    LeaderForwarderContext context) {
        if (config.maxMessageBytes() > MAX_MESSAGE_BYTES_LIMIT) {
            throw new PluginException("maxMessageBytes " + config.maxMessageBytes() + " is above the tcp forwarder's "
                    + "limit of " + MAX_MESSAGE_BYTES_LIMIT);
        }
        Selector selector = null;
        ServerSocketChannel server = null;
        try {
            selector = Selector.open();
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(config.listen());
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT, server);
        } catch (IOException | RuntimeException e) {
            closeQuietly(server, selector);
            throw new PluginException("leader forwarder of node " + config.nodeId() + " cannot listen on "
                    + config.listen() + ": " + e.getMessage(), e);
        }
        InetSocketAddress local = (InetSocketAddress) server.socket().getLocalSocketAddress();
        ForwardingMeters meters = new ForwardingMeters(context.meters());
        ForwardingLoop loop = new ForwardingLoop(config.nodeId(), config.clusterId(), config.maxMessageBytes(),
                settings, config.peers(), context.handler(), context.time(), meters, context.faults(), selector,
                server);
        Thread thread = context.threads("forwarding-tcp-io").newThread(loop);
        thread.start();
        return new TcpLeaderForwarder(config, loop, thread, local, meters, context);
    }

    private static void closeQuietly(ServerSocketChannel server, Selector selector) {
        try {
            if (server != null) {
                server.close();
            }
            if (selector != null) {
                selector.close();
            }
        } catch (IOException suppressed) {
            // Already failing to start; the bind error is the one worth reporting.
        }
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
        loop.stop();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        meters.remove();
    }
}
