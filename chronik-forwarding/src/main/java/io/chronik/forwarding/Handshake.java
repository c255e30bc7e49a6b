package io.chronik.forwarding;

import java.util.Objects;
import java.util.Optional;

/**
 * Who the other end of a forwarding connection says it is.
 *
 * @param nodeId    the sender's node id
 * @param clusterId the sender's cluster id
 */
record Handshake(int nodeId, String clusterId) {

    Handshake {
        Objects.requireNonNull(clusterId, "clusterId");
    }

    /**
     * Why this node refuses the handshake, or empty if it accepts it.
     *
     * @param dialedNode the node this side dialed, or empty on an accepted connection
     */
    Optional<String> refusal(String ourClusterId, int ourNodeId, Optional<Integer> dialedNode) {
        if (!clusterId.equals(ourClusterId)) {
            return Optional.of("node " + nodeId + " belongs to cluster '" + clusterId + "', this node to '"
                    + ourClusterId + "'");
        }
        if (nodeId == ourNodeId) {
            return Optional.of("peer claims this node's own id " + nodeId);
        }
        if (dialedNode.isPresent() && dialedNode.get() != nodeId) {
            return Optional.of("dialed node " + dialedNode.get() + " but node " + nodeId + " answered");
        }
        return Optional.empty();
    }
}
