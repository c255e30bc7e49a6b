package io.chronik.spi.replication;

import java.net.InetSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
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

    /**
     * Queues a message whose body is several parts sent back to back, bytes and file regions mixed (log
     * records read as {@link io.chronik.spi.wal.WalSpan}s); the receiver sees one body, the parts'
     * concatenation, exactly as if {@link #send(int, ByteBuffer, Optional)} had been called with it.
     * The default copies the parts into one buffer (reading file regions with positional reads) and
     * calls that method; a transport that can write the parts in place overrides this.
     *
     * @return as {@link #send(int, ByteBuffer, Optional)}; also {@code false} if a file region could
     *         not be read (its file was closed or shortened): the message is then lost, like any other
     */
    default boolean send(int toNode, ByteBuffer header, List<MessageBody> parts) {
        if (parts.size() <= 1) {
            return send(toNode, header, parts.stream().findFirst());
        }
        long length = parts.stream().mapToLong(MessageBody::length).sum();
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("message body of " + length + " bytes");
        }
        ByteBuffer body = ByteBuffer.allocate((int) length);
        try {
            for (MessageBody part : parts) {
                copy(part, body);
            }
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
        return send(toNode, header, Optional.of(new MessageBody.Bytes(body.flip())));
    }

    private static void copy(MessageBody part, ByteBuffer into) throws IOException {
        if (part instanceof MessageBody.Bytes bytes) {
            into.put(bytes.buffer().duplicate());
            return;
        }
        FileRegion region = ((MessageBody.Region) part).region();
        ByteBuffer target = into.slice(into.position(), (int) region.length());
        while (target.hasRemaining()) {
            int read = region.channel().read(target, region.position() + target.position());
            if (read < 0) {
                throw new IOException("file region ends before " + region.length() + " bytes");
            }
        }
        into.position(into.position() + (int) region.length());
    }

    /** The address the transport listens on (the real port when configured with port 0). */
    InetSocketAddress localAddress();

    /** Whether a connection to {@code nodeId} is currently established and handshaken. */
    boolean connected(int nodeId);

    /** Stops listening, closes every connection and thread. Queued messages are dropped. Idempotent. */
    @Override
    void close();
}
