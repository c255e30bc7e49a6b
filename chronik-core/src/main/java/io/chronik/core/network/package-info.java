/**
 * A protocol-agnostic NIO server for length-prefixed request/response traffic.
 *
 * <p>{@link io.chronik.core.network.SocketServer} runs one acceptor thread and a few selector (IO)
 * threads; each connection's frames are handed, in order, to a
 * {@link io.chronik.core.network.RequestDispatcher} on a handler executor, and the responses are
 * written back in request order however their futures complete. Framing violations and malformed
 * requests close only the connection concerned, with the reason logged. Nothing here knows Kafka.
 */
package io.chronik.core.network;
