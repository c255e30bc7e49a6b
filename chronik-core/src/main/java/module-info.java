/**
 * The Chronik node: configuration, lifecycle and {@code main()}, and (as it grows) the Kafka protocol
 * front end, partition logs and the replicated-log engine.
 *
 * <p>Embedders start a node through {@link io.chronik.core.node.ChronikServer} with a
 * {@link io.chronik.core.config.NodeConfig} built by {@link io.chronik.core.config.ConfigLoader}; both
 * packages are exported for that. The node finds its plugins through {@link java.util.ServiceLoader}:
 * built-ins on the module path, the console on the class path.
 */
module io.chronik.core {
    requires transitive io.chronik.spi;
    requires kafka.clients;
    requires org.slf4j;

    exports io.chronik.core.config;
    exports io.chronik.core.node;

    uses io.chronik.spi.wal.WalProvider;
    uses io.chronik.spi.replication.ReplicationTransportProvider;
    uses io.chronik.spi.forwarding.LeaderForwarderProvider;
    uses io.chronik.spi.console.ConsoleProvider;
}
