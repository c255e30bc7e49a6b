package io.chronik.api;

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
}
