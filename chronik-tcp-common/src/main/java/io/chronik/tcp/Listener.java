package io.chronik.tcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound, non-blocking server socket registered for accepts with the selector that a
 * {@link SelectorLoop} will run. Bound with {@code SO_REUSEADDR}, so a restarted node gets its port back
 * at once.
 *
 * <p>Created on the starting thread, then owned by the loop, which closes it when it ends.
 */
public final class Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

    private final Selector selector;
    private final ServerSocketChannel server;
    private final InetSocketAddress localAddress;

    private Listener(Selector selector, ServerSocketChannel server, InetSocketAddress localAddress) {
        this.selector = selector;
        this.server = server;
        this.localAddress = localAddress;
    }

    /** Opens a selector and binds the server socket; on any failure closes what it opened and rethrows. */
    private static Listener open(InetSocketAddress address) throws IOException {
        Selector selector = null;
        ServerSocketChannel server = null;
        try {
            selector = Selector.open();
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT, server);
            return new Listener(selector, server, (InetSocketAddress) server.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            closeQuietly(server, selector);
            throw e;
        }
    }

    /**
     * Opens a selector and binds the server socket to {@code address} (port 0 picks a free one). On
     * failure nothing is left open.
     *
     * @param owner   who listens, for the message, e.g. {@code "replication transport of node 1"}
     * @param failure makes the plugin's own exception from a message and its cause
     * @throws RuntimeException the one {@code failure} makes, if the socket cannot bind
     */
    public static Listener bind(InetSocketAddress address, String owner,
                                BiFunction<String, Throwable, ? extends RuntimeException> failure) {
        try {
            return open(address);
        } catch (IOException | RuntimeException e) {
            throw failure.apply(owner + " cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(ServerSocketChannel server, Selector selector) {
        try {
            if (server != null) {
                server.close();
            }
            if (selector != null) {
                selector.close();
            }
        } catch (IOException suppressed) {
            // Already failing to start; the bind error is the one worth reporting.
        }
    }

    /** The address bound, with the real port when 0 was asked for. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    Selector selector() {
        return selector;
    }

    ServerSocketChannel server() {
        return server;
    }

    /** Closes the server socket and the selector, logging (at debug) what fails to close. */
    void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the listener on {}: {}", localAddress, e.toString());
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector of {}: {}", localAddress, e.toString());
        }
    }
}
