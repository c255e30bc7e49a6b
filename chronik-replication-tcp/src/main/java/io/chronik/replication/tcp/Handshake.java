package io.chronik.replication.tcp;

import java.util.Objects;
import java.util.Optional;

/**
 * What one side of a connection says about itself before anything else: who it is and which cluster
 * it belongs to. The protocol version is checked while decoding, before these fields are read.
 *
 * @param nodeId    the sender's node id
 * @param clusterId the sender's cluster id
 */
record Handshake(int nodeId, String clusterId) {

    Handshake {
        Objects.requireNonNull(clusterId, "clusterId");
    }

    /**
     * Why this node must refuse the peer's handshake, or empty if it is acceptable.
     *
     * @param ourClusterId the cluster id this node belongs to
     * @param ourNodeId    this node's id; a peer claiming it is refused
     * @param expectedNode the node this side dialed, or empty on an accepted connection
     */
    Optional<String> refusal(String ourClusterId, int ourNodeId, Optional<Integer> expectedNode) {
        if (!clusterId.equals(ourClusterId)) {
            return Optional.of("peer node " + nodeId + " belongs to cluster '" + clusterId + "', this node to '"
                    + ourClusterId + "'");
        }
        if (nodeId == ourNodeId) {
            return Optional.of("peer claims this node's own id " + nodeId);
        }
        if (expectedNode.isPresent() && expectedNode.get() != nodeId) {
            return Optional.of("dialed node " + expectedNode.get() + " but node " + nodeId + " answered");
        }
        return Optional.empty();
    }
}
