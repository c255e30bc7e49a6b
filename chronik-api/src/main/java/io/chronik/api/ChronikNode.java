package io.chronik.api;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SortedMap;

/**
 * The running node as embedders and the console see it. Grows as the node does: every method here
 * answers from the node's real state.
 *
 * <p>Thread-safe: any thread may call any method at any time.
 */
public interface ChronikNode {

    /** This node's id ({@code node.id}). */
    int nodeId();

    /** The cluster id, the same on every node of a cluster and stored with the data. */
    String clusterId();

    /** The providers discovered for every SPI, the active ones marked. */
    List<PluginInfo> plugins();

    /** The effective configuration, every key with its value; secrets are masked. */
    SortedMap<String, String> effectiveConfig();

    /** The cluster as this node sees it: its quorum role, the metadata leader and the brokers. */
    ClusterView cluster();

    /**
     * Where a Kafka client on this machine reaches this node's Kafka listener (its bound port; a
     * wildcard listen host becomes the loopback address). The console's Kafka clients bootstrap here
     * and then follow the cluster's metadata to each partition's leader.
     */
    InetSocketAddress kafkaBootstrap();

    /**
     * Committed metadata log entries from {@code fromOffset} on, in offset order.
     *
     * @param fromOffset the first offset wanted; entries before the log's start are gone and skipped
     * @param max        at most this many entries, 1 to 1000
     * @return the entries, empty when none is committed at or after {@code fromOffset}
     * @throws IllegalArgumentException if {@code fromOffset} is negative or {@code max} out of range
     */
    List<MetadataEntry> metadataEntries(long fromOffset, int max);

    /** The most entries one {@link #metadataEntries} call returns. */
    int MAX_METADATA_ENTRIES = 1000;
}
