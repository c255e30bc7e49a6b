package io.chronik.console;

import io.chronik.api.ChronikNode;
import io.chronik.api.ClusterView;
import io.chronik.api.MetadataEntry;
import io.chronik.api.PluginInfo;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    static final List<MetadataEntry> METADATA = List.of(
            new MetadataEntry(0, 1, "CreateTopic", Optional.of(Instant.parse("2026-11-26T06:00:00Z")), "topic orders with 3 partitions"),
            new MetadataEntry(1, 1, "AllocateProducerIds", Optional.empty(), "producer ids 0 to 999"),
            new MetadataEntry(2, 3, "DeleteTopic", Optional.empty(), "topic orders"));

    /** No Kafka listener: port 1 on loopback refuses connections. */
    @Override
    public InetSocketAddress kafkaBootstrap() {
        return new InetSocketAddress("127.0.0.1", 1);
    }

    @Override
    public List<MetadataEntry> metadataEntries(long fromOffset, int max) {
        return METADATA.stream().filter(entry -> entry.offset() >= fromOffset).limit(max).toList();
    }
}
