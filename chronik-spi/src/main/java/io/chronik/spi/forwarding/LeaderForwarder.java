package io.chronik.spi.forwarding;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Request/response RPC to another node of the cluster, and the server side that answers requests
 * from other nodes through {@link LeaderForwarderContext#handler()}.
 *
 * <h2>Semantics</h2>
 * Each call is one request and at most one response, matched by correlation id. A request may be
 * executed by the remote node even when the caller sees a timeout; the node's requests are made
 * safe to retry by its own protocol. Every connection checks the cluster id on both sides.
 *
 * <h2>Threading</h2>
 * {@link #forward} may be called from any thread and never blocks on the network; futures complete
 * on the forwarder's threads, so callers must not block in their callbacks. The handler is called on
 * the forwarder's threads.
 */
public interface LeaderForwarder extends AutoCloseable {

    /**
     * Sends {@code request} to {@code nodeId} and completes with its response.
     *
     * @param request from position to limit; copied or fully consumed before the call returns
     * @return the response bytes, or exceptionally with {@link ForwardingException} whose
     *         {@link ForwardingException#reason()} says whether the node was unknown, unreachable,
     *         too slow (timeout), failed to handle it, or the forwarder was closed
     */
    CompletableFuture<ByteBuffer> forward(int nodeId, ByteBuffer request, Duration timeout);

    /** The address the server side listens on (the real port when configured with port 0). */
    InetSocketAddress localAddress();

    /** Stops listening, fails pending calls with reason {@code CLOSED}, closes connections. Idempotent. */
    @Override
    void close();
}
