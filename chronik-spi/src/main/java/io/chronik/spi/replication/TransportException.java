package io.chronik.spi.replication;

import io.chronik.api.ChronikException;

/** The transport could not start (e.g. its listener could not bind) or was misused. */
public class TransportException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
