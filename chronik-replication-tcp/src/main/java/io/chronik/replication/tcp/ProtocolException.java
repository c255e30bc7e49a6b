package io.chronik.replication.tcp;

import io.chronik.spi.replication.TransportException;

/** A peer sent bytes that break the wire format; the connection they came on is closed. */
final class ProtocolException extends TransportException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message);
    }
}
