package io.chronik.core.cluster;

import io.chronik.spi.replication.InboundHandler;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.replication.ReplicationTransport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multiplexes the one replication transport between the node's replicated logs: each outgoing header
 * gets its {@link PeerChannel} prefix ({@link PeerChannelCodec}), each incoming one goes to the
 * {@link PeerHandler} registered for its channel.
 *
 * <p>A message for a channel with no handler (a partition this node has not opened yet, or already
 * deleted) is dropped and counted as {@code chronik.peer.unrouted}: delivery is at-most-once anyway,
 * and the sender retries by its protocol. A message whose prefix is malformed is dropped and logged
 * with the sender; the transport connection stays up, since the frame itself was intact.
 *
 * <h2>Threading</h2>
 * Thread-safe. The transport is attached once ({@link #attach}) after it is created, since it needs
 * this router as its inbound handler first; {@link #send} before that returns {@code false}, as a
 * full queue would.
 */
public final class PeerRouter implements InboundHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PeerRouter.class);

    private final Map<PeerChannel, PeerHandler> handlers = new ConcurrentHashMap<>();
    private final AtomicReference<ReplicationTransport> transport = new AtomicReference<>();
    private final Counter unrouted;
    private final Counter malformed;

    public PeerRouter(MeterRegistry meters) {
        this.unrouted = Counter.builder("chronik.peer.unrouted")
                .description("Replication messages for a log this node does not host (dropped)")
                .register(meters);
        this.malformed = Counter.builder("chronik.peer.malformed")
                .description("Replication messages with a malformed channel prefix (dropped)")
                .register(meters);
    }

    /** Sends through {@code replication} from now on. */
    public void attach(ReplicationTransport replication) {
        if (!transport.compareAndSet(null, replication)) {
            throw new IllegalStateException("a transport is already attached");
        }
    }

    /**
     * Routes {@code channel}'s messages to {@code handler}.
     *
     * @throws IllegalStateException if the channel already has a handler
     */
    public void register(PeerChannel channel, PeerHandler handler) {
        if (handlers.putIfAbsent(channel, handler) != null) {
            throw new IllegalStateException(channel + " already has a handler");
        }
    }

    /** Stops routing {@code channel}; later messages for it are dropped as unrouted. */
    public void unregister(PeerChannel channel) {
        handlers.remove(channel);
    }

    /**
     * Queues {@code message} (position to limit) on {@code channel} for {@code toNode}.
     *
     * @return whether the transport queued it (see {@link ReplicationTransport#send})
     */
    public boolean send(int toNode, PeerChannel channel, ByteBuffer message, Optional<MessageBody> body) {
        ReplicationTransport replication = transport.get();
        return replication != null && replication.send(toNode, PeerChannelCodec.encode(channel, message), body);
    }

    /**
     * Queues {@code message} on {@code channel} for {@code toNode} with a body of several parts (a
     * partition's fetch answer: WAL file regions and buffers), which the transport sends back to back
     * and the receiver gets as one body (see {@link ReplicationTransport#send(int, ByteBuffer, List)}).
     *
     * @return whether the transport queued it
     */
    public boolean send(int toNode, PeerChannel channel, ByteBuffer message, List<MessageBody> parts) {
        ReplicationTransport replication = transport.get();
        return replication != null && replication.send(toNode, PeerChannelCodec.encode(channel, message), parts);
    }

    /** Whether the transport currently has a handshaken connection to {@code nodeId}. */
    public boolean connected(int nodeId) {
        ReplicationTransport replication = transport.get();
        return replication != null && replication.connected(nodeId);
    }

    @Override
    public void onMessage(int fromNode, ByteBuffer header, ByteBuffer body) {
        PeerChannel channel;
        try {
            channel = PeerChannelCodec.decode(header);
        } catch (PeerFormatException e) {
            malformed.increment();
            LOG.warn("dropped a replication message from node {}: {}", fromNode, e.getMessage());
            return;
        }
        PeerHandler handler = handlers.get(channel);
        if (handler == null) {
            unrouted.increment();
            LOG.debug("dropped a replication message from node {} for {}, which this node does not host",
                    fromNode, channel);
            return;
        }
        handler.onMessage(fromNode, header.slice(), body);
    }
}
