package io.chronik.forwarding;

import io.chronik.tcp.Handshake;
import io.chronik.tcp.LengthPrefixedReader;
import io.chronik.tcp.PeerConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One forwarding connection: a client connection this node dialed to call one node (it holds that
 * node's pending calls), or a server connection another node dialed to call this one. Frames queued
 * before the TCP connect completes are written, after the handshake, as soon as it does. Reading is
 * the shared {@link LengthPrefixedReader}'s, starting with a {@value #READ_BUFFER_BYTES}-byte buffer.
 *
 * <p>Not thread-safe: owned by the forwarder's I/O thread.
 */
final class RpcConnection extends PeerConnection implements LengthPrefixedReader.Sink {

    static final int READ_BUFFER_BYTES = 16 * 1024;

    /** What the I/O loop does with what a connection decodes. */
    interface Events {
        void onHandshake(RpcConnection connection, Handshake handshake);

        void onFrame(RpcConnection connection, RpcCodec.Frame frame);
    }

    private final Optional<Integer> dialedNode;
    private final LengthPrefixedReader reader;
    private final Events events;
    private final Map<Long, PendingCall> pending = new HashMap<>();

    /** @param dialedNode the node called through this connection, or empty for a server connection */
    RpcConnection(SocketChannel channel, Optional<Integer> dialedNode, int maxMessageBytes, Events events,
                  long nowNanos) {
        super(channel, dialedNode, nowNanos);
        this.dialedNode = dialedNode;
        this.reader = new LengthPrefixedReader(RpcCodec.HANDSHAKE,
                buffer -> RpcCodec.peekFrameLength(buffer, maxMessageBytes), READ_BUFFER_BYTES);
        this.events = events;
    }

    Optional<Integer> dialedNode() {
        return dialedNode;
    }

    void addPending(PendingCall call) {
        pending.put(call.correlationId(), call);
    }

    Optional<PendingCall> removePending(long correlationId) {
        return Optional.ofNullable(pending.remove(correlationId));
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Removes and returns the calls whose deadline has passed. */
    List<PendingCall> expire(long nowNanos) {
        List<PendingCall> expired = new ArrayList<>();
        for (Iterator<PendingCall> it = pending.values().iterator(); it.hasNext(); ) {
            PendingCall call = it.next();
            if (nowNanos - call.deadlineNanos() >= 0) {
                it.remove();
                expired.add(call);
            }
        }
        return expired;
    }

    /** Removes and returns every pending call. */
    List<PendingCall> drainPending() {
        List<PendingCall> calls = new ArrayList<>(pending.values());
        pending.clear();
        return calls;
    }

    /** @return false at end of stream */
    @Override
    public boolean read(long nowNanos) throws IOException {
        return reader.readFrom(channel(), this) >= 0;
    }

    @Override
    public void onHandshake(Handshake handshake) {
        events.onHandshake(this, handshake);
    }

    @Override
    public void onFrame(ByteBuffer frame) {
        events.onFrame(this, RpcCodec.decodeFrame(frame));
    }

    @Override
    public String toString() {
        return (dialedNode.isPresent() ? "client" : "server") + " connection"
                + peer().map(id -> " (node " + id + ")").orElse("");
    }
}
