package io.chronik.core.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small NIO server for length-prefixed request/response protocols: one acceptor thread and
 * {@link NetworkSettings#ioThreads()} selector threads ({@link Processor}); accepted connections are
 * spread round-robin over the IO threads. Requests are handed to a {@link RequestDispatcher} on the
 * given handler executor, so handlers never block an IO thread.
 *
 * <p>A connection that violates the framing (size out of range) or whose request the dispatcher
 * rejects as malformed is closed with a logged reason; every other connection goes on.
 */
public final class SocketServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SocketServer.class);

    private final NetworkSettings settings;
    private final RequestDispatcher dispatcher;
    private final Executor handlerExecutor;
    private final List<Processor> processors = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong connectionSequence = new AtomicLong();
    private ServerSocketChannel serverChannel;
    private volatile boolean closed;

    /**
     * @param settings        where to listen and the limits
     * @param dispatcher      turns request frames into response frames
     * @param handlerExecutor runs {@link RequestDispatcher#dispatch}; the caller owns and shuts it down
     */
    public SocketServer(NetworkSettings settings, RequestDispatcher dispatcher, Executor handlerExecutor) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.handlerExecutor = handlerExecutor;
    }

    /** Binds the listener and starts the threads. */
    public synchronized void start() {
        try {
            serverChannel = ServerSocketChannel.open();
            serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            serverChannel.bind(new InetSocketAddress(settings.host(), settings.port()));
            for (int i = 0; i < settings.ioThreads(); i++) {
                Processor processor = new Processor(settings, dispatcher, handlerExecutor, connectionSequence);
                processors.add(processor);
                startThread(processor, "chronik-net-io-" + i);
            }
        } catch (IOException e) {
            close();
            throw new NetworkException("cannot listen on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        startThread(this::acceptLoop, "chronik-net-acceptor");
        LOG.info("Listening on {}:{} with {} IO threads", settings.host(), port(), settings.ioThreads());
    }

    /** The bound port (useful when the settings asked for port 0). */
    public int port() {
        try {
            return ((InetSocketAddress) serverChannel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new NetworkException("listener is not bound", e);
        }
    }

    private void startThread(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void acceptLoop() {
        int next = 0;
        while (!closed) {
            try {
                SocketChannel channel = serverChannel.accept();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                processors.get(next).accept(channel);
                next = (next + 1) % processors.size();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Accept failed: {}", e.toString());
                }
            }
        }
    }

    /** Stops accepting, closes every connection and waits briefly for the threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (serverChannel != null) {
                serverChannel.close();
            }
        } catch (IOException e) {
            LOG.debug("Error closing listener: {}", e.toString());
        }
        processors.forEach(Processor::shutdown);
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
