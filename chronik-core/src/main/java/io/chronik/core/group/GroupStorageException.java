package io.chronik.core.group;

import io.chronik.api.ChronikException;

/** The {@code __consumer_offsets} topic could not be created, found or read. */
public class GroupStorageException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public GroupStorageException(String message) {
        super(message);
    }
}
