package io.chronik.core.network;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IO thread with its own selector, serving the connections the acceptor hands it.
 *
 * <p>Other threads talk to it only through two queues and {@link Selector#wakeup()}: newly
 * accepted channels, and connections with a completed response. Everything a connection does on its
 * socket happens on this thread, so connections need no locks.
 */
final class Processor implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Processor.class);

    private final Selector selector;
    private final NetworkSettings settings;
    private final RequestDispatcher dispatcher;
    private final Executor handlerExecutor;
    private final AtomicLong connectionSequence;
    private final Queue<SocketChannel> accepted = new ConcurrentLinkedQueue<>();
    private final Queue<Connection> responsesReady = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    Processor(NetworkSettings settings, RequestDispatcher dispatcher, Executor handlerExecutor,
              AtomicLong connectionSequence) throws IOException {
        this.selector = Selector.open();
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.handlerExecutor = handlerExecutor;
        this.connectionSequence = connectionSequence;
    }

    /** Any thread: adopt a freshly accepted channel. */
    void accept(SocketChannel channel) {
        accepted.add(channel);
        selector.wakeup();
    }

    /** Any thread: a response slot of {@code connection} completed. */
    void responseReady(Connection connection) {
        responsesReady.add(connection);
        selector.wakeup();
    }

    /** Any thread: ask the loop to stop; it closes every connection on its way out. */
    void shutdown() {
        running = false;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select();
                registerAccepted();
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                writeReadyResponses();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Network IO thread failed; its connections are closed", e);
        } finally {
            closeAll();
        }
    }

    private void registerAccepted() {
        SocketChannel channel;
        while ((channel = accepted.poll()) != null) {
            SocketAddress remote = null;
            try {
                remote = channel.getRemoteAddress();
                channel.configureBlocking(false);
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                ConnectionId id = new ConnectionId(connectionSequence.incrementAndGet(), remote);
                key.attach(new Connection(id, channel, key, this, settings, dispatcher, handlerExecutor));
                LOG.debug("Accepted {}", id);
            } catch (IOException e) {
                LOG.debug("Could not register connection from {}: {}", remote, e.toString());
                closeQuietly(channel);
            }
        }
    }

    private static void handle(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        try {
            if (key.isValid() && key.isReadable()) {
                connection.onReadable();
            }
            if (key.isValid() && key.isWritable()) {
                connection.onWritable();
            }
        } catch (IOException | RuntimeException e) {
            connection.close(e);
        }
    }

    private void writeReadyResponses() {
        Connection connection;
        while ((connection = responsesReady.poll()) != null) {
            if (connection.closed()) {
                continue;
            }
            try {
                connection.writeCompletedResponses();
            } catch (IOException | RuntimeException e) {
                connection.close(e);
            }
        }
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection connection) {
                connection.close();
            }
        }
        SocketChannel channel;
        while ((channel = accepted.poll()) != null) {
            closeQuietly(channel);
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("Error closing selector: {}", e.toString());
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Error closing channel: {}", e.toString());
        }
    }
}
