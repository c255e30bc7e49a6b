package io.chronik.replication.tcp;

import io.chronik.spi.NodeEndpoint;
import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.spi.replication.ReplicationTransportContext;
import io.chronik.spi.replication.TransportException;
import io.chronik.tcp.LengthPrefixedReader;
import io.chronik.tcp.Listener;
import io.chronik.tcp.SelectorLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The {@code tcp} replication transport: framed messages over one dialed TCP connection per peer and
 * direction (wire format in {@link FrameCodec}, connection rules in {@link TransportLoop}, delivery
 * guarantees in {@link PeerLink}).
 *
 * <p>{@link #send} copies the header, keeps a duplicate of a byte body (whose contents must not change
 * until sent) or the region of a file body, and queues the message; it never blocks on the network and
 * returns false when the peer is unknown, the transport is closed, or the peer's queue is full. A
 * message larger than {@code maxMessageBytes}, or a region reaching past the end of its file, is
 * misuse and throws {@link TransportException}.
 *
 * <p>Thread-safe.
 */
final class TcpReplicationTransport implements ReplicationTransport {

    private final int maxMessageBytes;
    private final Map<Integer, PeerLink> links;
    private final TransportLoop loop;
    private final InetSocketAddress localAddress;
    private final TransportMeters meters;

    private TcpReplicationTransport(int maxMessageBytes, Map<Integer, PeerLink> links, TransportLoop loop,
                                    InetSocketAddress localAddress, TransportMeters meters) {
        this.maxMessageBytes = maxMessageBytes;
        this.links = links;
        this.loop = loop;
        this.localAddress = localAddress;
        this.meters = meters;
    }

    /**
     * Binds the {@link Listener} and starts the I/O thread, which dials every peer.
     *
     * @throws TransportException if the listener cannot bind
     */
    static TcpReplicationTransport start(ReplicationTransportConfig config, TcpTransportSettings settings,
                                         ReplicationTransportContext context) {
        SelectorLoop.Owner owner = new SelectorLoop.Owner("replication transport of node " + config.nodeId(),
                "replication", true);
        LengthPrefixedReader.requireContentLimit(config.maxMessageBytes(), owner.description(),
                TransportException::new);
        Listener listener = Listener.bind(config.listen(), owner.description(), TransportException::new);
        Map<Integer, PeerLink> links = new HashMap<>();
        for (NodeEndpoint peer : config.peers().values()) {
            links.put(peer.nodeId(), new PeerLink(peer,
                    new OutboundQueue(settings.queueMaxMessages(), settings.queueMaxBytes()),
                    new Backoff(settings.backoffInitial(), settings.backoffMax(), new SplittableRandom()),
                    context.time().nanoseconds()));
        }
        TransportMeters meters = new TransportMeters(context.meters());
        SelectorLoop selectorLoop = new SelectorLoop(listener, owner, context);
        TransportLoop loop = new TransportLoop(config.nodeId(), config.clusterId(), config.maxMessageBytes(),
                settings, Map.copyOf(links), context.inbound(), context.time(), meters, selectorLoop);
        selectorLoop.start(loop, Connection.class);
        return new TcpReplicationTransport(config.maxMessageBytes(), Map.copyOf(links), loop,
                listener.localAddress(), meters);
    }

    @Override
    public boolean send(int toNode, ByteBuffer header, Optional<MessageBody> body) {
        PeerLink link = links.get(toNode);
        if (link == null || loop.stopped()) {
            return false;
        }
        long length = header.remaining() + body.map(MessageBody::length).orElse(0L);
        if (length > maxMessageBytes) {
            throw new TransportException("message of " + length + " bytes to node " + toNode
                    + " exceeds maxMessageBytes " + maxMessageBytes);
        }
        body.filter(MessageBody.Region.class::isInstance)
                .ifPresent(region -> checkRegion(((MessageBody.Region) region).region()));
        if (!link.queue().offer(OutboundFrame.of(header, body))) {
            meters.queueFull.increment();
            return false;
        }
        loop.wakeup();
        return true;
    }

    private static void checkRegion(FileRegion region) {
        long size;
        try {
            size = region.channel().size();
        } catch (IOException e) {
            throw new TransportException("cannot read the size of the file behind " + region, e);
        }
        if (region.position() + region.length() > size) {
            throw new TransportException("file region " + region.position() + "+" + region.length()
                    + " reaches past the end of its file (" + size + " bytes)");
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public boolean connected(int nodeId) {
        PeerLink link = links.get(nodeId);
        return link != null && link.ready();
    }

    @Override
    public void close() {
        loop.close();
        meters.remove();
    }
}
