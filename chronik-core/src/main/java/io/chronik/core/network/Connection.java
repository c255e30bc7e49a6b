package io.chronik.core.network;

import io.chronik.core.network.ChunkWriter.RegionUnavailableException;
import io.chronik.spi.replication.MessageBody;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: reads frames, hands them to the dispatcher in order, and writes the
 * responses back in request order.
 *
 * <h2>Threading</h2>
 * Everything except the dispatch chain runs on the owning {@link Processor}'s IO thread. Each frame
 * gets a response slot (a future) at the tail of {@link #inFlight}; the frame is dispatched on the
 * handler executor after the previous frame's dispatch call returned (a chain of stages), and when
 * its future completes the processor is woken to write every completed slot at the head of the
 * queue. A slot that completes early waits behind earlier ones, which keeps responses in order.
 * With {@code maxInFlight} slots open the connection stops reading (back-pressure).
 *
 * <p>A response is written as its size prefix and then its parts ({@link ResponseFrame}) through a
 * {@link ChunkWriter}: bytes by gathering writes, file regions by {@code transferTo}. While the socket
 * is full the connection waits for {@code OP_WRITE}.
 */
final class Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final ConnectionId id;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final Processor processor;
    private final FrameReader reader;
    private final RequestDispatcher dispatcher;
    private final Executor handlerExecutor;
    private final int maxInFlight;
    private final Deque<CompletableFuture<Optional<ResponseFrame>>> inFlight = new ArrayDeque<>();
    private final ChunkWriter writes = new ChunkWriter();
    private CompletableFuture<Void> dispatchChain = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    Connection(ConnectionId id, SocketChannel channel, SelectionKey key, Processor processor,
               NetworkSettings settings, RequestDispatcher dispatcher, Executor handlerExecutor) {
        this.id = id;
        this.channel = channel;
        this.key = key;
        this.processor = processor;
        this.reader = new FrameReader(settings.maxRequestBytes());
        this.dispatcher = dispatcher;
        this.handlerExecutor = handlerExecutor;
        this.maxInFlight = settings.maxInFlightPerConnection();
    }

    ConnectionId id() {
        return id;
    }

    boolean closed() {
        return closed;
    }

    /** Called by the IO thread when the channel is readable. */
    void onReadable() throws IOException {
        while (inFlight.size() < maxInFlight) {
            Optional<ByteBuffer> frame = reader.read(channel);
            if (frame.isEmpty()) {
                break;
            }
            submit(frame.get());
        }
        updateInterest();
    }

    /** Called by the IO thread when the channel is writable. */
    void onWritable() throws IOException {
        writePending();
        updateInterest();
    }

    /** Called by the IO thread after a response slot completed: writes every finished head slot. */
    void writeCompletedResponses() throws IOException {
        while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
            CompletableFuture<Optional<ResponseFrame>> slot = inFlight.pollFirst();
            Optional<ResponseFrame> response;
            try {
                response = slot.join();
            } catch (CompletionException | CancellationException e) {
                close(e.getCause() == null ? e : e.getCause());
                return;
            }
            response.ifPresent(frame -> {
                writes.add(new MessageBody.Bytes(ByteBuffer.allocate(Integer.BYTES).putInt(0, frame.size())));
                frame.parts().forEach(writes::add);
            });
        }
        writePending();
        updateInterest();
    }

    private void submit(ByteBuffer frame) {
        CompletableFuture<Optional<ResponseFrame>> slot = new CompletableFuture<>();
        inFlight.addLast(slot);
        dispatchChain = dispatchChain.thenRunAsync(() -> dispatch(frame, slot), handlerExecutor);
    }

    /**
     * Hands one frame to the dispatcher, even if the connection closed since it was read: a client that
     * expects no answer (a producer with acks=0) may send and hang up at once, and a request read in full
     * is handled as Kafka handles it; only its answer is dropped, since a closed connection writes nothing.
     */
    private void dispatch(ByteBuffer frame, CompletableFuture<Optional<ResponseFrame>> slot) {
        CompletableFuture<Optional<ResponseFrame>> response;
        try {
            response = dispatcher.dispatch(id, frame);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        response.whenComplete((body, failure) -> {
            if (failure != null) {
                slot.completeExceptionally(failure);
            } else {
                slot.complete(body);
            }
            processor.responseReady(this);
        });
    }

    /** Writes as much of the pending responses as the socket takes (see {@link ChunkWriter}). */
    private void writePending() throws IOException {
        writes.write(channel);
    }

    private void updateInterest() {
        if (!key.isValid()) {
            return;
        }
        int ops = (inFlight.size() < maxInFlight ? SelectionKey.OP_READ : 0)
                | (writes.isEmpty() ? 0 : SelectionKey.OP_WRITE);
        key.interestOps(ops);
    }

    /**
     * Closes after a failure, logging why: protocol violations and a response whose log region was
     * freed meanwhile at INFO, I/O trouble at DEBUG, and a dispatcher that failed unexpectedly (a
     * server bug) at ERROR with its stack trace.
     */
    void close(Throwable reason) {
        if (reason instanceof MalformedRequestException || reason instanceof RegionUnavailableException) {
            LOG.info("Closing {}: {}", id, reason.getMessage());
        } else if (reason instanceof EOFException) {
            LOG.debug("Closing {}: peer closed the connection", id);
        } else if (reason instanceof IOException || reason instanceof CancellationException) {
            LOG.debug("Closing {}: {}", id, reason.toString());
        } else {
            LOG.error("Closing {}: request handling failed", id, reason);
        }
        close();
    }

    /** Closes the socket; responses still in flight are dropped. Idempotent, IO thread only. */
    void close() {
        closed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Error closing {}: {}", id, e.toString());
        }
    }
}
