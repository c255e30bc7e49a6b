package io.chronik.core.cluster;

import java.nio.ByteBuffer;

/**
 * Receives the messages of one {@link PeerChannel}. Called on the transport's threads, one message at
 * a time per sending peer; it must not block (hand the message to the engine's own thread or lock).
 */
@FunctionalInterface
public interface PeerHandler {

    /**
     * A message arrived on this handler's channel.
     *
     * @param fromNode the sender, established by the transport's handshake
     * @param message  the engine message behind the channel prefix, read-only; valid only during the call
     * @param body     the transport body (empty if none), read-only; valid only during the call
     */
    void onMessage(int fromNode, ByteBuffer message, ByteBuffer body);
}
