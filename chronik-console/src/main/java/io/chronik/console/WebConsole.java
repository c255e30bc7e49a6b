package io.chronik.console;

import io.chronik.spi.PluginException;
import io.chronik.spi.console.Console;
import java.net.InetSocketAddress;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running web console: one embedded Jetty server with one connector and one servlet context (see
 * {@link ConsoleWebApp}), and the meters behind {@code /metrics}.
 *
 * <p>Thread-safe: Jetty serves requests on its own pool (threads from the host's factory);
 * {@link #close} may be called from any thread, more than once.
 */
final class WebConsole implements Console {

    private static final Logger LOG = LoggerFactory.getLogger(WebConsole.class);

    private final Server server;
    private final ConsoleMetrics metrics;
    private final InetSocketAddress localAddress;

    private WebConsole(Server server, ConsoleMetrics metrics, InetSocketAddress localAddress) {
        this.server = server;
        this.metrics = metrics;
        this.localAddress = localAddress;
    }

    /**
     * Starts {@code server} and returns the running console. On failure everything is stopped and
     * closed again.
     *
     * @throws PluginException naming the address if the server cannot start (port taken, bad host)
     */
    static WebConsole start(Server server, ConsoleMetrics metrics, InetSocketAddress listen) {
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            metrics.close();
            throw new PluginException("console 'web' could not start on " + listen.getHostString() + ":"
                    + listen.getPort() + ": " + e.getMessage(), e);
        }
        NetworkConnector connector = (NetworkConnector) server.getConnectors()[0];
        return new WebConsole(server, metrics, new InetSocketAddress(listen.getHostString(), connector.getLocalPort()));
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public synchronized void close() {
        if (server.isStopped()) {
            return;
        }
        stopQuietly(server);
        metrics.close();
        LOG.info("Console stopped on {}", localAddress);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Console server did not stop cleanly", e);
        }
    }
}
