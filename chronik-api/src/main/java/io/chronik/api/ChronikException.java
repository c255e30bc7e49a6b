package io.chronik.api;

/** Root of Chronik's unchecked exceptions; every module's own exceptions extend it. */
public class ChronikException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChronikException(String message) {
        super(message);
    }

    public ChronikException(String message, Throwable cause) {
        super(message, cause);
    }
}
