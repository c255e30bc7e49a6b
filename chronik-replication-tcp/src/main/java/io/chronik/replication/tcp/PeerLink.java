package io.chronik.replication.tcp;

import io.chronik.spi.NodeEndpoint;
import java.util.Optional;

/**
 * This node's sending side toward one peer: its outbound queue, the message being written, the
 * connection this node dialed, and when to dial again.
 *
 * <h2>Delivery across reconnects</h2>
 * Messages wait in the {@link OutboundQueue} while the peer is down and go out in order on the next
 * connection. The message being written when a connection breaks is dropped if any of its bytes left
 * (the peer may or may not have received it whole, so resending could duplicate it); one that had not
 * started stays first in line. Messages written in full before the break may have been lost with the
 * connection. That is at-most-once, in order, without duplicates.
 *
 * <p>{@link #queue()} and {@link #ready()} are thread-safe; everything else belongs to the I/O thread.
 */
final class PeerLink {

    private final NodeEndpoint endpoint;
    private final OutboundQueue queue;
    private final Backoff backoff;
    private Optional<OutboundFrame> current = Optional.empty();
    private Optional<Connection> connection = Optional.empty();
    private long nextDialNanos;
    private int dials;
    private String lastFailure = "";
    private volatile boolean ready;

    /** @param firstDialNanos when to dial first, on the transport's clock */
    PeerLink(NodeEndpoint endpoint, OutboundQueue queue, Backoff backoff, long firstDialNanos) {
        this.endpoint = endpoint;
        this.queue = queue;
        this.backoff = backoff;
        this.nextDialNanos = firstDialNanos;
    }

    int nodeId() {
        return endpoint.nodeId();
    }

    NodeEndpoint endpoint() {
        return endpoint;
    }

    OutboundQueue queue() {
        return queue;
    }

    /** Whether the dialed connection is handshaken, so sends go out now. */
    boolean ready() {
        return ready;
    }

    Optional<OutboundFrame> current() {
        return current;
    }

    /** Moves the next queued message into writing; false if the queue is empty. */
    boolean takeNext() {
        current = queue.poll();
        return current.isPresent();
    }

    void clearCurrent() {
        current = Optional.empty();
    }

    Optional<Connection> connection() {
        return connection;
    }

    boolean dueForDial(long nowNanos) {
        return connection.isEmpty() && nowNanos - nextDialNanos >= 0;
    }

    /** Records a new dial attempt; returns whether it is a redial (for the reconnect meter). */
    boolean dialing(Connection dialed) {
        connection = Optional.of(dialed);
        return dials++ > 0;
    }

    void connected() {
        ready = true;
        backoff.reset();
        lastFailure = "";
    }

    /**
     * The dialed connection is gone: drops a partly written message, schedules the next dial.
     *
     * @return whether a partly written message was dropped
     */
    boolean disconnected(long nowNanos) {
        connection = Optional.empty();
        ready = false;
        nextDialNanos = nowNanos + backoff.nextDelayNanos();
        if (current.isPresent() && current.get().started()) {
            current = Optional.empty();
            return true;
        }
        return false;
    }

    long nextDialNanos() {
        return nextDialNanos;
    }

    /** Whether this failure differs from the last one, so it is worth a warning rather than a debug line. */
    boolean newFailure(String reason) {
        boolean changed = !reason.equals(lastFailure);
        lastFailure = reason;
        return changed;
    }

    /** Drops everything waiting; the transport is closing. */
    void discard() {
        queue.clear();
        current = Optional.empty();
        ready = false;
    }
}
