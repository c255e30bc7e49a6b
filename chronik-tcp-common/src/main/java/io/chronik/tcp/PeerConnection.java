package io.chronik.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * The bookkeeping every connection of a {@link SelectorLoop} has, whatever its protocol: the socket and
 * its selection key, whether it is still open, when it was opened, the peer's node id and whether the
 * peer's handshake was accepted, and a {@link WriteQueue} of encoded buffers. A protocol subclass
 * decodes what it reads ({@link #read}); one that writes more than its queue decides the order in
 * {@link #flush}.
 *
 * <p>Write readiness is asked for only while the socket is full ({@link #awaitWritable()}), so an idle
 * connection never wakes the selector.
 *
 * <p>Not thread-safe: owned by the loop's I/O thread.
 */
public abstract class PeerConnection {

    private final SocketChannel channel;
    private final long openedNanos;
    private final WriteQueue writes = new WriteQueue();
    private SelectionKey key;
    private Optional<Integer> peer;
    private boolean handshaken;
    private boolean open = true;

    /**
     * @param peer      the node this side dialed, or empty for an accepted connection until the peer's
     *                  handshake is accepted
     * @param nowNanos  when the connection was opened, on the loop's clock
     */
    protected PeerConnection(SocketChannel channel, Optional<Integer> peer, long nowNanos) {
        this.channel = channel;
        this.peer = peer;
        this.openedNanos = nowNanos;
    }

    /**
     * Reads what the socket has and decodes it.
     *
     * @return false at end of stream
     * @throws PeerProtocolException if the peer broke the protocol
     */
    public abstract boolean read(long nowNanos) throws IOException;

    /**
     * Writes what is queued until done or the socket is full, asking for write readiness only in the
     * second case. A protocol that writes more than its queue (file regions, say) overrides this.
     */
    public void flush(long nowNanos) throws IOException {
        writeQueued();
        if (queueEmpty()) {
            awaitReadable();
        }
    }

    /** Called once the loop registered the channel. */
    public void register(SelectionKey selectionKey) {
        this.key = selectionKey;
    }

    public SocketChannel channel() {
        return channel;
    }

    /** Whether the TCP connection is established (an accepted one always is). */
    public boolean connected() {
        return channel.isConnected();
    }

    /** The peer's node id: known from the start when dialed, from its handshake when accepted. */
    public Optional<Integer> peer() {
        return peer;
    }

    public boolean handshaken() {
        return handshaken;
    }

    /** Marks the peer's handshake as accepted. */
    public void handshakeAccepted(int nodeId) {
        peer = Optional.of(nodeId);
        handshaken = true;
    }

    public boolean isOpen() {
        return open;
    }

    public long openedNanos() {
        return openedNanos;
    }

    /** Queues encoded bytes behind everything queued before; {@link #flush} writes them. */
    public void queue(ByteBuffer buffer) {
        writes.add(buffer);
    }

    protected boolean queueEmpty() {
        return writes.isEmpty();
    }

    /**
     * Writes queued buffers until all are written or the socket is full, and asks for write readiness in
     * the second case.
     *
     * @return the bytes written by this call
     */
    protected long writeQueued() throws IOException {
        long written = writes.writeTo(channel);
        if (!writes.isEmpty()) {
            awaitWritable();
        }
        return written;
    }

    /** The socket is full: asks the selector to say when it takes more. */
    protected void awaitWritable() {
        interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    /** Nothing left to write: only reads are of interest. */
    protected void awaitReadable() {
        interest(SelectionKey.OP_READ);
    }

    private void interest(int ops) {
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Whether the socket is full and the connection waits for write readiness. */
    public boolean writeBlocked() {
        return (key.interestOps() & SelectionKey.OP_WRITE) != 0;
    }

    /** Cancels the key and closes the socket; idempotent. */
    public void close() {
        open = false;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket that already failed; nothing left to release.
        }
    }
}
