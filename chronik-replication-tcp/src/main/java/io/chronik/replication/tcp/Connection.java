package io.chronik.replication.tcp;

import io.chronik.tcp.Handshake;
import io.chronik.tcp.PeerConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * One TCP connection, dialed by this node to send to a peer or accepted from a peer that sends here.
 * Both kinds exchange handshakes and heartbeats; only a dialed connection carries this node's messages
 * (from its {@link PeerLink}), only an accepted one delivers the peer's. Control frames (handshake,
 * heartbeat) go through the connection's write queue and are written only between messages, never
 * inside one.
 *
 * <p>Not thread-safe: owned by the transport's I/O thread.
 */
final class Connection extends PeerConnection implements FrameReader.Sink {

    /** What the I/O loop does with what a connection decodes. */
    interface Events {
        void onHandshake(Connection connection, Handshake handshake);

        void onMessage(Connection connection, ByteBuffer header, ByteBuffer body);
    }

    private final Optional<PeerLink> link;
    private final FrameReader reader;
    private final Events events;
    private final TransportMeters meters;
    private final String remote;
    private long lastReadNanos;
    private long lastWriteNanos;

    /**
     * @param link the peer this node dialed, or empty for an accepted connection
     */
    Connection(SocketChannel channel, Optional<PeerLink> link, int maxMessageBytes, Events events,
               TransportMeters meters, long nowNanos) {
        super(channel, link.map(PeerLink::nodeId), nowNanos);
        this.link = link;
        this.reader = new FrameReader(maxMessageBytes);
        this.events = events;
        this.meters = meters;
        this.lastReadNanos = nowNanos;
        this.lastWriteNanos = nowNanos;
        this.remote = link.map(l -> l.endpoint().host() + ":" + l.endpoint().port()).orElseGet(() -> remoteOf(channel));
    }

    private static String remoteOf(SocketChannel channel) {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "(unknown address)";
        }
    }

    Optional<PeerLink> link() {
        return link;
    }

    long lastReadNanos() {
        return lastReadNanos;
    }

    long lastWriteNanos() {
        return lastWriteNanos;
    }

    /** Queues our handshake; it is written before anything else. */
    void queueHandshake(Handshake ours) {
        queue(FrameCodec.encodeHandshake(ours));
    }

    /** Whether a heartbeat would go out now: nothing is being written. */
    boolean idleForWrite() {
        return queueEmpty() && link.flatMap(PeerLink::current).isEmpty();
    }

    void queueHeartbeat() {
        queue(FrameCodec.encodeHeartbeat());
    }

    /**
     * Reads what the socket has and decodes it.
     *
     * @return false at end of stream
     */
    @Override
    public boolean read(long nowNanos) throws IOException {
        int read = reader.readFrom(channel(), this);
        if (read > 0) {
            lastReadNanos = nowNanos;
            meters.bytesReceived.increment(read);
        }
        return read >= 0;
    }

    /**
     * Writes until everything queued is written or the socket is full, and asks for write readiness
     * only in the second case. Order: a message already started is finished first (control frames never
     * split one); then control frames (the handshake always goes first on a new connection); then, once
     * handshaken, the link's messages in order.
     */
    @Override
    public void flush(long nowNanos) throws IOException {
        while (true) {
            Optional<OutboundFrame> current = link.flatMap(PeerLink::current);
            boolean midMessage = current.isPresent() && current.get().started();
            if (!midMessage && !queueEmpty()) {
                count(writeQueued(), nowNanos);
                if (!queueEmpty()) {
                    return;
                }
            } else if (current.isPresent() && (midMessage || handshaken())) {
                count(current.get().writeTo(channel()), nowNanos);
                if (!current.get().done()) {
                    awaitWritable();
                    return;
                }
                meters.framesSent.increment();
                link.get().clearCurrent();
            } else if (!(handshaken() && link.isPresent() && link.get().takeNext())) {
                awaitReadable();
                return;
            }
        }
    }

    private void count(long written, long nowNanos) {
        if (written > 0) {
            lastWriteNanos = nowNanos;
            meters.bytesSent.increment(written);
        }
    }

    @Override
    public void onHandshake(Handshake handshake) {
        events.onHandshake(this, handshake);
    }

    @Override
    public void onMessage(ByteBuffer header, ByteBuffer body) {
        events.onMessage(this, header, body);
    }

    @Override
    public void onHeartbeat() {
        // Any bytes read already count as life; a heartbeat carries nothing else.
    }

    @Override
    public String toString() {
        return (link.isPresent() ? "dialed" : "accepted") + " connection " + remote
                + peer().map(id -> " (node " + id + ")").orElse("");
    }
}
