package io.chronik.tcp;

import io.chronik.spi.FaultReporter;
import io.chronik.spi.NodeEndpoint;
import io.chronik.spi.PluginContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one plugin instance's I/O thread: a single selector for the {@link Listener}, every accepted
 * and every dialed connection. Each round it waits for readiness (or a {@link #wakeup()}, or the
 * handler's timeout), then accepts every pending connection, completes connects, reads and writes
 * what is ready, and finally lets the {@link Handler} do its own work (drain queues, timers).
 *
 * <h2>Connections</h2>
 * Sockets are non-blocking with {@code TCP_NODELAY} (and {@code SO_KEEPALIVE} when asked for).
 * The attachment of every connection's key is its {@link PeerConnection}; the handler creates them
 * ({@link Handler#accepted}, or itself before {@link #connect}) and learns when TCP is up
 * ({@link Handler#opened}). End of stream, an {@link IOException} or a {@link PeerProtocolException}
 * closes only that connection, through {@link Handler#close}.
 *
 * <h2>Failure and shutdown</h2>
 * Any other exception ends the loop: it is logged and reported to the host's {@link FaultReporter}.
 * However the loop ends, {@link Handler#shutdown()} runs on its thread and the listener is closed.
 *
 * <h2>Threading</h2>
 * {@link #start} makes the one loop thread; everything the handler is called with runs on it.
 * {@link #wakeup()}, {@link #stop()}, {@link #close()}, {@link #stopping()} and {@link #stopped()} are
 * safe from any thread.
 */
public final class SelectorLoop {

    private static final Logger LOG = LoggerFactory.getLogger(SelectorLoop.class);
    /** How long {@link #close()} waits for the loop thread to finish its shutdown. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    /**
     * What a protocol does on the loop thread.
     *
     * @param <C> its connection type
     */
    public interface Handler<C extends PeerConnection> {
        /** How long the next select may wait, in ms; 0 waits until readiness or a wakeup. */
        long selectTimeoutMillis();

        /** A new connection for an accepted socket; the loop configures and registers it next. */
        C accepted(SocketChannel channel, long nowNanos);

        /** TCP is up on an accepted connection, or a dialed one finished connecting. */
        void opened(C connection, long nowNanos) throws IOException;

        /**
         * Closes the connection (if still open) and logs why.
         *
         * @param protocolError whether the peer broke the protocol, rather than the socket failing or ending
         */
        void close(C connection, String reason, boolean protocolError, long nowNanos);

        /** The protocol's own work, once per round after the ready keys were handled. */
        void afterSelect(long nowNanos);

        /** Closes every connection; the loop is ending. */
        void shutdown();
    }

    /**
     * Who runs a loop.
     *
     * @param description for log lines and error messages, e.g. {@code "replication transport of node 1"}
     * @param protocol    the plugin's protocol, e.g. {@code "replication"}: names the I/O thread's role
     *                    ({@code replication-tcp-io}) and the source of the fault that ends the loop
     *                    ({@code replication/tcp})
     * @param keepAlive   whether sockets get {@code SO_KEEPALIVE}
     */
    public record Owner(String description, String protocol, boolean keepAlive) {
        public Owner {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(protocol, "protocol");
        }
    }

    private final Listener listener;
    private final Owner owner;
    private final PluginContext context;
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile boolean stopped;
    private volatile Thread thread;

    /**
     * A loop over the listener's selector, not started yet.
     *
     * @param context the plugin's host services: clock, thread factory, fault reporter
     */
    public SelectorLoop(Listener listener, Owner owner, PluginContext context) {
        this.listener = listener;
        this.owner = owner;
        this.context = context;
    }

    /** Makes the loop run a round now; cheap when a wakeup is already pending. */
    public void wakeup() {
        if (wakeupPending.compareAndSet(false, true)) {
            listener.selector().wakeup();
        }
    }

    /** Asks the loop to end after the current round; returns at once. */
    public void stop() {
        stopping = true;
        listener.selector().wakeup();
    }

    /** Whether the loop has ended or been asked to end. */
    public boolean stopping() {
        return stopping;
    }

    /** Whether the loop has ended (its handler may still be shutting down). */
    public boolean stopped() {
        return stopped;
    }

    /**
     * Starts the loop thread, which runs rounds until {@link #stop()} or a failure, then shuts down.
     *
     * @param type the handler's connection class, to take connections from selection keys
     */
    public <C extends PeerConnection> void start(Handler<C> handler, Class<C> type) {
        Thread loopThread = context.threads(owner.protocol() + "-tcp-io").newThread(() -> run(handler, type));
        thread = loopThread;
        loopThread.start();
    }

    /**
     * Stops the loop and waits (up to ten seconds) for its shutdown to finish, unless called on the
     * loop thread itself.
     */
    public void close() {
        stop();
        Thread loopThread = thread;
        if (loopThread != null && Thread.currentThread() != loopThread) {
            try {
                loopThread.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <C extends PeerConnection> void run(Handler<C> handler, Class<C> type) {
        try {
            while (!stopping) {
                listener.selector().select(handler.selectTimeoutMillis());
                wakeupPending.set(false);
                long now = context.time().nanoseconds();
                for (SelectionKey key : listener.selector().selectedKeys()) {
                    handle(key, handler, type, now);
                }
                listener.selector().selectedKeys().clear();
                handler.afterSelect(now);
            }
        } catch (IOException | RuntimeException e) {
            if (!(stopping && e instanceof ClosedSelectorException)) {
                LOG.error("{} failed and stops", owner.description(), e);
                context.faults().reportFault(owner.protocol() + "/tcp", e);
            }
        } finally {
            stopping = true;
            stopped = true;
            try {
                handler.shutdown();
            } finally {
                listener.close();
            }
        }
    }

    private <C extends PeerConnection> void handle(SelectionKey key, Handler<C> handler, Class<C> type, long now) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() == listener.server()) {
            acceptAll(handler, now);
            return;
        }
        C connection = type.cast(key.attachment());
        try {
            if (key.isConnectable() && connection.channel().finishConnect()) {
                handler.opened(connection, now);
            }
            if (key.isValid() && key.isReadable() && !connection.read(now)) {
                handler.close(connection, "peer closed the connection", false, now);
                return;
            }
            if (key.isValid() && key.isWritable()) {
                connection.flush(now);
            }
        } catch (PeerProtocolException e) {
            handler.close(connection, e.getMessage(), true, now);
        } catch (IOException e) {
            handler.close(connection, e.toString(), false, now);
        }
    }

    private <C extends PeerConnection> void acceptAll(Handler<C> handler, long now) {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.server().accept();
            } catch (IOException e) {
                LOG.warn("{}: accepting a connection failed: {}", owner.description(), e.toString());
                return;
            }
            if (channel == null) {
                return;
            }
            C connection = handler.accepted(channel, now);
            try {
                configure(channel);
                connection.register(channel.register(listener.selector(), SelectionKey.OP_READ, connection));
                handler.opened(connection, now);
            } catch (IOException e) {
                handler.close(connection, e.toString(), false, now);
            }
        }
    }

    /**
     * Starts connecting a dialed connection's socket to {@code endpoint} (resolving its host here, on the
     * loop thread) and registers it: for reads if connected at once, else for the connect to complete,
     * after which the handler's {@link Handler#opened} runs.
     *
     * @return whether the connection is up already (the caller then handles it as opened)
     * @throws IOException if the host does not resolve or the connect fails at once
     */
    public boolean connect(PeerConnection connection, NodeEndpoint endpoint) throws IOException {
        SocketChannel channel = connection.channel();
        configure(channel);
        InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve host " + endpoint.host());
        }
        boolean connected = channel.connect(address);
        connection.register(channel.register(listener.selector(),
                connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, connection));
        return connected;
    }

    private void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (owner.keepAlive()) {
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        }
    }
}
