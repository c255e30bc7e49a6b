package io.chronik.spi.forwarding;

import io.chronik.spi.NodeEndpoint;
import io.chronik.spi.PluginProperties;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * What the host tells a forwarder, validated at construction.
 *
 * @param nodeId    this node's id
 * @param clusterId the cluster id every peer must present
 * @param listen    where to listen ({@code forwarding.listener}); port 0 picks a free port
 * @param peers     every other node's forwarding endpoint, by node id (never this node)
 * @param maxMessageBytes the largest request or response accepted; larger ones close the connection
 * @param properties the provider's own keys ({@code forwarding.<provider>.*})
 */
public record LeaderForwarderConfig(int nodeId, String clusterId, InetSocketAddress listen,
                                    Map<Integer, NodeEndpoint> peers, int maxMessageBytes,
                                    PluginProperties properties) {
    public LeaderForwarderConfig {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(properties, "properties");
        peers = NodeEndpoint.peersOf(nodeId, peers);
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be >= 1024: " + maxMessageBytes);
        }
    }
}
