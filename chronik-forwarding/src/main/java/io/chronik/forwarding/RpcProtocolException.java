package io.chronik.forwarding;

import io.chronik.tcp.PeerProtocolException;

/** A peer broke the forwarding wire format or its handshake was refused; its connection is closed. */
final class RpcProtocolException extends PeerProtocolException {
    private static final long serialVersionUID = 1L;

    RpcProtocolException(String message) {
        super(message);
    }
}
