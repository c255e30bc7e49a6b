package io.chronik.core.replica;

import io.chronik.api.ChronikException;

/** A high-watermark checkpoint file could not be decoded ({@link HighWatermarkCheckpoint}). */
public class CheckpointFormatException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(String message) {
        super(message);
    }
}
