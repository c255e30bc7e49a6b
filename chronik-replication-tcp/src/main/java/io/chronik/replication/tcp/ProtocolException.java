package io.chronik.replication.tcp;

import io.chronik.tcp.PeerProtocolException;

/** A peer sent bytes that break the replication wire format; the connection they came on is closed. */
final class ProtocolException extends PeerProtocolException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message);
    }
}
