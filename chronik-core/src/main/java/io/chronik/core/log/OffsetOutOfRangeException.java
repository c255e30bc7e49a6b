package io.chronik.core.log;

/** A read asked for an offset below the log start or above the high watermark. */
public class OffsetOutOfRangeException extends LogException {
    private static final long serialVersionUID = 1L;

    public OffsetOutOfRangeException(String message) {
        super(message);
    }
}
