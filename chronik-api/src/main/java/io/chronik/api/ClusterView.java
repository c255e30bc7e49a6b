package io.chronik.api;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The cluster as one node sees it from its committed metadata.
 *
 * @param nodeId            the node answering
 * @param role              its role in the metadata quorum
 * @param term              the metadata quorum's current term as this node knows it
 * @param metadataLeader    the metadata leader (controller) of that term, if known
 * @param metadataEndOffset the offset after the last entry in this node's metadata log
 * @param metadataCommitted the offset before which every metadata entry is committed (the high watermark)
 * @param brokers           every registered broker, by node id
 */
public record ClusterView(int nodeId, QuorumRole role, int term, OptionalInt metadataLeader,
                          long metadataEndOffset, long metadataCommitted, List<BrokerView> brokers) {

    public ClusterView {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(metadataLeader, "metadataLeader");
        brokers = List.copyOf(brokers);
    }

    /** A node's role in the metadata quorum. */
    public enum QuorumRole {
        LEADER, FOLLOWER, CANDIDATE, PRE_CANDIDATE
    }

    /**
     * One registered broker.
     *
     * @param nodeId    its node id
     * @param host      the host its Kafka listener advertises
     * @param kafkaPort the port its Kafka listener advertises
     * @param fenced    whether the controller fenced it (missed heartbeats): it leads no partition
     */
    public record BrokerView(int nodeId, String host, int kafkaPort, boolean fenced) {

        public BrokerView {
            Objects.requireNonNull(host, "host");
        }
    }
}
