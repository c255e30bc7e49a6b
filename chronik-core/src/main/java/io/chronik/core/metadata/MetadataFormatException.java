package io.chronik.core.metadata;

import io.chronik.api.ChronikException;

/** A stored metadata command could not be decoded. */
public class MetadataFormatException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public MetadataFormatException(String message) {
        super(message);
    }

    public MetadataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
