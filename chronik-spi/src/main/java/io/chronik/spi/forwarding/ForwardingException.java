package io.chronik.spi.forwarding;

import io.chronik.api.ChronikException;

/** A forwarded call failed; {@link #reason()} says how, so the node can decide whether to retry. */
public class ForwardingException extends ChronikException {
    private static final long serialVersionUID = 1L;

    /** How a call failed. */
    public enum Reason {
        /** No endpoint is configured for the node id. */
        UNKNOWN_NODE,
        /** No connection could be made, or it broke before the response arrived. */
        UNREACHABLE,
        /** No response within the timeout; the remote node may still have executed the request. */
        TIMEOUT,
        /** The remote handler failed; the message is the remote error's. */
        REMOTE_ERROR,
        /** The forwarder was closed. */
        CLOSED
    }

    private final Reason reason;

    public ForwardingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ForwardingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
