package io.chronik.core.producer;

import io.chronik.api.ChronikException;
import org.apache.kafka.common.protocol.Errors;

/** A batch of an idempotent producer breaks the epoch or sequence rules; nothing was stored. */
public class ProducerSequenceException extends ChronikException {
    private static final long serialVersionUID = 1L;

    private final transient Errors error;

    public ProducerSequenceException(Errors error, String message) {
        super(message);
        this.error = error;
    }

    /** The Kafka error the producer gets. */
    public Errors error() {
        return error;
    }
}
