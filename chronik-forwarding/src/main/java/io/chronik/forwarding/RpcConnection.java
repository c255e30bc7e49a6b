package io.chronik.forwarding;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One forwarding connection: a client connection this node dialed to call one node (it holds that
 * node's pending calls), or a server connection another node dialed to call this one. Frames queued
 * before the TCP connect completes are written, after the handshake, as soon as it does.
 *
 * <p>Not thread-safe: owned by the forwarder's I/O thread.
 */
final class RpcConnection implements RpcReader.Sink {

    /** What the I/O loop does with what a connection decodes. */
    interface Events {
        void onHandshake(RpcConnection connection, Handshake handshake);

        void onFrame(RpcConnection connection, RpcCodec.Frame frame);
    }

    private final SocketChannel channel;
    private final Optional<Integer> dialedNode;
    private final RpcReader reader;
    private final Events events;
    private final ArrayDeque<ByteBuffer> writes = new ArrayDeque<>();
    private final Map<Long, PendingCall> pending = new HashMap<>();
    private final long openedNanos;
    private SelectionKey key;
    private Optional<Integer> peer;
    private boolean connected;
    private boolean handshaken;
    private boolean open = true;

    /** @param dialedNode the node called through this connection, or empty for a server connection */
    RpcConnection(SocketChannel channel, Optional<Integer> dialedNode, int maxMessageBytes, Events events,
                  long nowNanos) {
        this.channel = channel;
        this.dialedNode = dialedNode;
        this.reader = new RpcReader(maxMessageBytes);
        this.events = events;
        this.openedNanos = nowNanos;
        this.peer = dialedNode;
    }

    void register(SelectionKey selectionKey, boolean tcpConnected) {
        this.key = selectionKey;
        this.connected = tcpConnected;
    }

    SocketChannel channel() {
        return channel;
    }

    Optional<Integer> dialedNode() {
        return dialedNode;
    }

    Optional<Integer> peer() {
        return peer;
    }

    boolean connected() {
        return connected;
    }

    void tcpConnected() {
        connected = true;
    }

    boolean handshaken() {
        return handshaken;
    }

    void handshakeAccepted(int nodeId) {
        peer = Optional.of(nodeId);
        handshaken = true;
    }

    boolean isOpen() {
        return open;
    }

    long openedNanos() {
        return openedNanos;
    }

    void queue(ByteBuffer frame) {
        writes.addLast(frame);
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
    boolean read() throws IOException {
        return reader.readFrom(channel, this) >= 0;
    }

    /** Writes queued frames until done or the socket is full; asks for write readiness in that case. */
    void flush() throws IOException {
        while (!writes.isEmpty()) {
            ByteBuffer head = writes.peekFirst();
            channel.write(head);
            if (head.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            writes.pollFirst();
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    void close() {
        open = false;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // The socket already failed; nothing left to release.
        }
    }

    @Override
    public void onHandshake(Handshake handshake) {
        events.onHandshake(this, handshake);
    }

    @Override
    public void onFrame(RpcCodec.Frame frame) {
        events.onFrame(this, frame);
    }

    @Override
    public String toString() {
        return (dialedNode.isPresent() ? "client" : "server") + " connection"
                + peer.map(id -> " (node " + id + ")").orElse("");
    }
}
