package io.chronik.core.network;

import io.chronik.api.ChronikException;

/** The server could not bind or run its listener. */
public class NetworkException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
