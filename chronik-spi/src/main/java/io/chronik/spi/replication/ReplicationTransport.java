package io.chronik.spi.replication;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Moves framed messages between the nodes of one cluster. A message is a header (small, in memory)
 * and an optional body that is either bytes or a {@link FileRegion} of a log file, which a transport
 * may send without copying it through the heap.
 *
 * <h2>Delivery</h2>
 * At most once, in order per (sender, receiver) pair: a message may be lost (peer down, connection
 * reset, backpressure) but never duplicated or reordered. The node retries by its own protocol.
 * Every connection is checked for the cluster id on both sides; a peer of another cluster is refused.
 *
 * <h2>Threading</h2>
 * {@link #send} may be called from any thread and never blocks on the network. Inbound messages are
 * delivered to {@link ReplicationTransportContext#inbound()} on the transport's own threads, one
 * message at a time per sending peer.
 */
public interface ReplicationTransport extends AutoCloseable {

    /**
     * Queues a message for {@code toNode}.
     *
     * @param header the message header, from position to limit; copied or fully consumed before return
     * @param body   an optional body sent after the header
     * @return whether the message was queued; {@code false} if the peer is unknown or its outbound
     *         queue is full (backpressure); the caller then retries later by its own protocol
     */
    boolean send(int toNode, ByteBuffer header, Optional<MessageBody> body);

    /** The address the transport listens on (the real port when configured with port 0). */
    InetSocketAddress localAddress();

    /** Whether a connection to {@code nodeId} is currently established and handshaken. */
    boolean connected(int nodeId);

    /** Stops listening, closes every connection and thread. Queued messages are dropped. Idempotent. */
    @Override
    void close();
}
