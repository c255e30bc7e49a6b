package io.chronik.core.cluster;

import io.chronik.api.ChronikException;

/** A message from another node that does not follow the node-to-node format. */
public final class PeerFormatException extends ChronikException {

    private static final long serialVersionUID = 1L;

    public PeerFormatException(String message) {
        super(message);
    }

    public PeerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
