package io.chronik.forwarding;

import io.chronik.api.ChronikException;

/** A peer broke the forwarding wire format or its handshake was refused; its connection is closed. */
final class RpcProtocolException extends ChronikException {
    private static final long serialVersionUID = 1L;

    RpcProtocolException(String message) {
        super(message);
    }
}
