package io.chronik.console;

import io.chronik.api.ChronikNode;
import io.chronik.api.ClusterView;
import io.chronik.api.PluginInfo;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/** A node with fixed answers, so tests can check the console shows exactly what the node reports. */
final class FixedNode implements ChronikNode {

    static final List<PluginInfo> PLUGINS = List.of(
            new PluginInfo("wal", "disruptor", "0.1.0", "built-in", true),
            new PluginInfo("wal", "memory", "0.2.0", "plugins/memory-wal", false),
            new PluginInfo("console", "web", "0.1.0", "built-in", true));

    static final SortedMap<String, String> CONFIG = new TreeMap<>(Map.of(
            "node.id", "7",
            "cluster.id", "test-cluster",
            "console.web.user.admin", "******"));

    @Override
    public int nodeId() {
        return 7;
    }

    @Override
    public String clusterId() {
        return "test-cluster";
    }

    @Override
    public List<PluginInfo> plugins() {
        return PLUGINS;
    }

    @Override
    public SortedMap<String, String> effectiveConfig() {
        return new TreeMap<>(CONFIG);
    }

    static final ClusterView CLUSTER = new ClusterView(7, ClusterView.QuorumRole.LEADER, 3, OptionalInt.of(7), 42, 41,
            List.of(new ClusterView.BrokerView(7, "127.0.0.1", 9092, false)));

    @Override
    public ClusterView cluster() {
        return CLUSTER;
    }
}
