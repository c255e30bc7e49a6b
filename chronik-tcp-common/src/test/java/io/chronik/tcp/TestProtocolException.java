package io.chronik.tcp;

/** A protocol's own error type, as each plugin has one, for the tests' codecs. */
final class TestProtocolException extends PeerProtocolException {
    private static final long serialVersionUID = 1L;

    TestProtocolException(String message) {
        super(message);
    }
}
