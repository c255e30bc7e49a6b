package io.chronik.tcp;

import io.chronik.api.ChronikException;

/**
 * A peer broke its protocol's wire format, or its handshake was refused. Thrown on the
 * {@link SelectorLoop}'s thread while a connection's bytes are decoded; the loop closes that connection
 * (and only that one) and its handler logs the message. Each protocol throws its own subclass so that
 * its codec errors keep their own type.
 */
public class PeerProtocolException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public PeerProtocolException(String message) {
        super(message);
    }
}
