/**
 * A protocol-agnostic NIO server for length-prefixed request/response traffic.
 *
 * <p>{@link io.chronik.core.network.SocketServer} runs one acceptor thread and a few selector (IO)
 * threads; each connection's frames are handed, in order, to a
 * {@link io.chronik.core.network.RequestDispatcher} on a handler executor, and the responses are
 * written back in request order however their futures complete. A response is a sequence of parts
 * ({@link io.chronik.core.network.ResponseFrame}): bytes leave by gathering writes, regions of files
 * (log data) by {@code FileChannel.transferTo}, never copied through the heap. Framing violations,
 * malformed requests and a response whose file region was freed before it was sent close only the
 * connection concerned, with the reason logged. Nothing here knows Kafka.
 */
package io.chronik.core.network;
