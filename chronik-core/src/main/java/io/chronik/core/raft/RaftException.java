package io.chronik.core.raft;

import io.chronik.api.ChronikException;

/** A replicated-log operation failed: storage failure (fail-stop), broken invariant or bad input. */
public class RaftException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public RaftException(String message) {
        super(message);
    }

    public RaftException(String message, Throwable cause) {
        super(message, cause);
    }
}
