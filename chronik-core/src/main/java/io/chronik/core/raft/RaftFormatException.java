package io.chronik.core.raft;

/** A stored entry or a received message could not be decoded; the bytes are named in the message. */
public class RaftFormatException extends RaftException {
    private static final long serialVersionUID = 1L;

    public RaftFormatException(String message) {
        super(message);
    }

    public RaftFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
