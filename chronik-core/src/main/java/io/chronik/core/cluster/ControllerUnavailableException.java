package io.chronik.core.cluster;

import io.chronik.api.ChronikException;

/** No controller answered in time; the caller may ask again later. */
public final class ControllerUnavailableException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public ControllerUnavailableException(String message) {
        super(message);
    }
}
