/**
 * An example third-party replication transport, {@code chaos}: it wraps another transport (the built-in
 * {@code tcp} by default) and drops or delays outbound messages, for chaos tests of a cluster.
 */
module io.chronik.examples.chaos {
    requires io.chronik.spi;

    uses io.chronik.spi.replication.ReplicationTransportProvider;

    provides io.chronik.spi.replication.ReplicationTransportProvider
            with io.chronik.examples.chaos.ChaosTransportProvider;
}
