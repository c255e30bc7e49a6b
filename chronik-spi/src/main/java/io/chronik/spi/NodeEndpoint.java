package io.chronik.spi;

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
}
