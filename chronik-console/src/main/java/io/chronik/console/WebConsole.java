package io.chronik.console;

import io.chronik.spi.PluginException;
import io.chronik.spi.console.Console;
import java.net.InetSocketAddress;
import java.util.List;
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
    private final List<AutoCloseable> resources;
    private final InetSocketAddress localAddress;

    private WebConsole(Server server, List<AutoCloseable> resources, InetSocketAddress localAddress) {
        this.server = server;
        this.resources = resources;
        this.localAddress = localAddress;
    }

    /**
     * Starts {@code server} and returns the running console. On failure everything is stopped and
     * closed again.
     *
     * @param resources what the console closes, in this order, after its server stopped (the meters,
     *                  the Kafka clients, the chart sampler)
     *
     * @throws PluginException naming the address if the server cannot start (port taken, bad host)
     */
    static WebConsole start(Server server, List<AutoCloseable> resources, InetSocketAddress listen) {
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            closeQuietly(resources);
            throw new PluginException("console 'web' could not start on " + listen.getHostString() + ":"
                    + listen.getPort() + ": " + e.getMessage(), e);
        }
        NetworkConnector connector = (NetworkConnector) server.getConnectors()[0];
        return new WebConsole(server, List.copyOf(resources), new InetSocketAddress(listen.getHostString(), connector.getLocalPort()));
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
        closeQuietly(resources);
        LOG.info("Console stopped on {}", localAddress);
    }

    private static void closeQuietly(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing {} of the console failed", resource, e);
            }
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Console server did not stop cleanly", e);
        }
    }
}
