/**
 * The default replication transport, {@code tcp}: framed messages over raw TCP between the nodes of
 * a cluster, with file regions sent zero-copy. Nothing is exported; the node finds it through the
 * {@link io.chronik.spi.replication.ReplicationTransportProvider} service.
 */
module io.chronik.replication.tcp {
    requires io.chronik.spi;
    requires io.chronik.tcp;
    requires org.slf4j;

    provides io.chronik.spi.replication.ReplicationTransportProvider
            with io.chronik.replication.tcp.TcpTransportProvider;
}
