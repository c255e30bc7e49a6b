package io.chronik.spi.replication;

import java.nio.ByteBuffer;

/**
 * Receives what the transport delivers. Called on the transport's threads, one message at a time per
 * sending peer; it must not block for long.
 */
public interface InboundHandler {

    /**
     * A message arrived.
     *
     * @param fromNode the sender's node id, established by the handshake
     * @param header   the header, read-only; valid only during the call
     * @param body     the body bytes (empty if none), read-only; valid only during the call
     */
    void onMessage(int fromNode, ByteBuffer header, ByteBuffer body);

    /** A connection to {@code nodeId} was established and handshaken. */
    default void onPeerConnected(int nodeId) {
    }

    /** The connection to {@code nodeId} was lost; messages queued for it may have been dropped. */
    default void onPeerDisconnected(int nodeId) {
    }
}
