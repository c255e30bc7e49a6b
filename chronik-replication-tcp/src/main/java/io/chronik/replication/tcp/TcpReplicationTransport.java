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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tcp} replication transport: framed messages over one dialed TCP connection per peer and
 * direction (wire format in {@link FrameCodec}, connection rules in {@link TransportLoop}, delivery
 * guarantees in {@link PeerLink}).
 *
 * <p>{@link #send} copies the header, keeps a duplicate of each byte body or part (whose contents must
 * not change until sent) and the region of each file part, and queues the message as one frame; it
 * never blocks on the network and returns false when the peer is unknown, the transport is closed, or
 * the peer's queue is full (the queue's byte bound counts the whole body). A message larger than
 * {@code maxMessageBytes} is misuse and throws {@link TransportException}; so is a single region body
 * reaching past the end of its file, while among several parts that is taken for a race with the
 * file's owner and the message is dropped ({@code false}).
 *
 * <p>Thread-safe.
 */
final class TcpReplicationTransport implements ReplicationTransport {

    private static final Logger LOG = LoggerFactory.getLogger(TcpReplicationTransport.class);

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
        body.filter(MessageBody.Region.class::isInstance).ifPresent(region -> {
            Optional<String> problem = regionProblem(((MessageBody.Region) region).region());
            if (problem.isPresent()) {
                throw new TransportException(problem.get());
            }
        });
        return queue(toNode, header, body.map(List::of).orElse(List.of()));
    }

    /**
     * Sends the parts in place, in one frame (see {@link OutboundFrame}). A region whose file cannot be
     * read now (closed channel, or a file that ends before the region) is a race with the region's owner
     * (a log segment deleted or truncated since it was read), not misuse: the message is lost and
     * {@code false} returned, as the SPI says.
     */
    @Override
    public boolean send(int toNode, ByteBuffer header, List<MessageBody> parts) {
        for (MessageBody part : parts) {
            if (part instanceof MessageBody.Region region) {
                Optional<String> problem = regionProblem(region.region());
                if (problem.isPresent()) {
                    LOG.debug("message to node {} dropped: {}", toNode, problem.get());
                    return false;
                }
            }
        }
        return queue(toNode, header, parts);
    }

    private boolean queue(int toNode, ByteBuffer header, List<MessageBody> parts) {
        PeerLink link = links.get(toNode);
        if (link == null || loop.stopped()) {
            return false;
        }
        long length = header.remaining() + OutboundFrame.bodyLength(parts);
        if (length > maxMessageBytes) {
            throw new TransportException("message of " + length + " bytes to node " + toNode
                    + " exceeds maxMessageBytes " + maxMessageBytes);
        }
        if (!link.queue().offer(OutboundFrame.of(header, parts))) {
            meters.queueFull.increment();
            return false;
        }
        loop.wakeup();
        return true;
    }

    /** Why {@code region} cannot be sent now, if it cannot: its file is unreadable or ends before it. */
    private static Optional<String> regionProblem(FileRegion region) {
        long size;
        try {
            size = region.channel().size();
        } catch (IOException e) {
            return Optional.of("cannot read the size of the file behind " + region + ": " + e);
        }
        if (region.position() + region.length() > size) {
            return Optional.of("file region " + region.position() + "+" + region.length()
                    + " reaches past the end of its file (" + size + " bytes)");
        }
        return Optional.empty();
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
