package io.chronik.core.network;

import io.chronik.api.ChronikException;

/** A request could not be understood; the connection it came on is closed, nothing else. */
public class MalformedRequestException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public MalformedRequestException(String message) {
        super(message);
    }

    public MalformedRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
