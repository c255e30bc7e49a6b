/**
 * The default leader forwarder, {@code tcp}: request/response RPC over raw TCP from a node to the
 * metadata leader. Nothing is exported; the node finds it through the
 * {@link io.chronik.spi.forwarding.LeaderForwarderProvider} service.
 */
module io.chronik.forwarding {
    requires io.chronik.spi;
    requires io.chronik.tcp;
    requires org.slf4j;

    provides io.chronik.spi.forwarding.LeaderForwarderProvider with io.chronik.forwarding.TcpForwarderProvider;
}
