package io.chronik.core.group;

import io.chronik.api.ChronikException;

/** A stored {@code __consumer_offsets} record could not be decoded. */
public class GroupFormatException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public GroupFormatException(String message) {
        super(message);
    }

    public GroupFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
