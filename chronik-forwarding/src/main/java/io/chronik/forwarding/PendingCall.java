package io.chronik.forwarding;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A forwarded call waiting for its response.
 *
 * @param correlationId  the id its response will carry
 * @param nodeId         the node it went to
 * @param future         completed once, by the response, the timeout, a broken connection or close
 * @param startNanos     when it was made, for the latency timer
 * @param deadlineNanos  when it times out
 */
record PendingCall(long correlationId, int nodeId, CompletableFuture<ByteBuffer> future, long startNanos,
                   long deadlineNanos) {
}
