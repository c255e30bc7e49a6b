package io.chronik.spi.replication;

import io.chronik.spi.NodeEndpoint;
import io.chronik.spi.PluginProperties;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * What the host tells a transport, validated at construction.
 *
 * @param nodeId    this node's id
 * @param clusterId the cluster id every peer must present in its handshake
 * @param listen    where to listen ({@code replication.listener}); port 0 picks a free port
 * @param peers     every other node's replication endpoint, by node id (never this node)
 * @param maxMessageBytes the largest header + body accepted from a peer; larger frames close the connection
 * @param properties the provider's own keys ({@code replication.<provider>.*})
 */
public record ReplicationTransportConfig(int nodeId, String clusterId, InetSocketAddress listen,
                                         Map<Integer, NodeEndpoint> peers, int maxMessageBytes,
                                         PluginProperties properties) {
    public ReplicationTransportConfig {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(properties, "properties");
        peers = NodeEndpoint.peersOf(nodeId, peers);
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be >= 1024: " + maxMessageBytes);
        }
    }
}
