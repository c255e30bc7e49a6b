package io.chronik.spi;

import java.util.Map;

/**
 * Where another node listens for one kind of inter-node traffic.
 *
 * @param nodeId the node's {@code node.id}, at least 0
 * @param host   a host name or literal address
 * @param port   1–65535
 */
public record NodeEndpoint(int nodeId, String host, int port) {
    public NodeEndpoint {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node id must be >= 0: " + nodeId);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank for node " + nodeId);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535 for node " + nodeId + ": " + port);
        }
    }

    /**
     * An immutable copy of a node's peer map, checked: keyed by each endpoint's own node id and never
     * containing {@code self}.
     */
    public static Map<Integer, NodeEndpoint> peersOf(int self, Map<Integer, NodeEndpoint> peers) {
        Map<Integer, NodeEndpoint> copy = Map.copyOf(peers);
        if (copy.containsKey(self)) {
            throw new IllegalArgumentException("peers must not contain this node " + self);
        }
        copy.forEach((id, endpoint) -> {
            if (endpoint.nodeId() != id) {
                throw new IllegalArgumentException("peer key " + id + " does not match endpoint " + endpoint);
            }
        });
        return copy;
    }
}
