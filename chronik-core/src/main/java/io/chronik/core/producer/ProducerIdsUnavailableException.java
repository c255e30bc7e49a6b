package io.chronik.core.producer;

import io.chronik.api.ChronikException;

/** No block of producer ids could be reserved (no controller answered, or its write failed). */
public final class ProducerIdsUnavailableException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public ProducerIdsUnavailableException(String message) {
        super(message);
    }
}
