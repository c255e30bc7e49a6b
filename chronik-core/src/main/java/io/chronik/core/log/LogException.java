package io.chronik.core.log;

import io.chronik.api.ChronikException;

/** A partition log could not be opened, appended to or read. */
public class LogException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public LogException(String message) {
        super(message);
    }

    public LogException(String message, Throwable cause) {
        super(message, cause);
    }
}
