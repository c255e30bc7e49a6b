/**
 * The plugin SPIs and the plugin loader.
 *
 * <p>Every SPI has one shape: a stateless {@link io.chronik.spi.PluginProvider} found by
 * {@link java.util.ServiceLoader}, whose {@code create(config, context)} returns an
 * {@link java.lang.AutoCloseable} instance with a documented threading contract. The host builds a
 * validated config record (including the plugin's own {@code <spi>.<name>.*} keys) and hands host
 * services to the plugin only through the context. Plugins see this module and {@code io.chronik.api},
 * never the node's internals. This module logs nothing.
 */
module io.chronik.spi {
    requires transitive io.chronik.api;
    requires transitive micrometer.core;

    exports io.chronik.spi;
    exports io.chronik.spi.wal;
    exports io.chronik.spi.replication;
    exports io.chronik.spi.forwarding;
    exports io.chronik.spi.console;
    exports io.chronik.spi.loader;

    uses io.chronik.spi.wal.WalProvider;
    uses io.chronik.spi.replication.ReplicationTransportProvider;
    uses io.chronik.spi.forwarding.LeaderForwarderProvider;
    uses io.chronik.spi.console.ConsoleProvider;
}
