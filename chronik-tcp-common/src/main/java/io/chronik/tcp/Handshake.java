package io.chronik.tcp;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one side of a connection says about itself before anything else: who it is and which cluster
 * it belongs to (encoded by {@link HandshakeCodec}, which checks magic and version before these
 * fields are read).
 *
 * @param nodeId    the sender's node id
 * @param clusterId the sender's cluster id
 */
public record Handshake(int nodeId, String clusterId) {

    public Handshake {
        Objects.requireNonNull(clusterId, "clusterId");
    }

    /**
     * Why this node must refuse the peer's handshake, or empty if it is acceptable.
     *
     * @param ourClusterId the cluster id this node belongs to
     * @param ourNodeId    this node's id; a peer claiming it is refused
     * @param dialedNode   the node this side dialed, or empty on an accepted connection
     * @param peers        the configured peers; an accepted connection from any other node is refused
     */
    public Optional<String> refusal(String ourClusterId, int ourNodeId, Optional<Integer> dialedNode,
                                    Set<Integer> peers) {
        if (!clusterId.equals(ourClusterId)) {
            return Optional.of("peer node " + nodeId + " belongs to cluster '" + clusterId + "', this node to '"
                    + ourClusterId + "'");
        }
        if (nodeId == ourNodeId) {
            return Optional.of("peer claims this node's own id " + nodeId);
        }
        if (dialedNode.isPresent() && dialedNode.get() != nodeId) {
            return Optional.of("dialed node " + dialedNode.get() + " but node " + nodeId + " answered");
        }
        if (dialedNode.isEmpty() && !peers.contains(nodeId)) {
            return Optional.of("node " + nodeId + " is not a configured peer");
        }
        return Optional.empty();
    }
}
