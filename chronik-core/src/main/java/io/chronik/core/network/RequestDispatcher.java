package io.chronik.core.network;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Turns one request frame into (eventually) one response frame. The network layer knows nothing
 * of what the bytes mean.
 *
 * <h2>Threading and order</h2>
 * {@link #dispatch} is called on a request-handler thread, never on an IO thread, so it may block
 * briefly. Calls for one connection are made one at a time in arrival order: the next call starts
 * after the previous one <em>returned</em>, not after its future completed, so a dispatcher that
 * starts work in call order (for example assigns log offsets) keeps the client's order while
 * several requests of a connection are in flight. Responses are written in request order whatever
 * order the futures complete in.
 */
@FunctionalInterface
public interface RequestDispatcher {

    /**
     * @param connection the connection the frame arrived on
     * @param frame      the request bytes without the 4-byte size prefix; the dispatcher owns the buffer
     * @return the response payload without the size prefix (bytes and file regions, see
     *         {@link ResponseFrame}), or empty when the request expects no response; failed (or thrown)
     *         {@link MalformedRequestException} closes the connection with the exception's message as
     *         the logged reason
     */
    CompletableFuture<Optional<ResponseFrame>> dispatch(ConnectionId connection, ByteBuffer frame);
}
