package io.chronik.spi.forwarding;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The node's side of forwarding: answers a request another node forwarded here. Called on the
 * forwarder's threads; it must not block, and returns a future the forwarder sends back when it
 * completes. An exceptional completion reaches the caller as {@code REMOTE_ERROR} with its message.
 */
@FunctionalInterface
public interface ForwardedRequestHandler {

    CompletableFuture<ByteBuffer> handle(int fromNode, ByteBuffer request);
}
