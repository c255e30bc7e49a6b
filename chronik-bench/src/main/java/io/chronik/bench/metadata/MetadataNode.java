package io.chronik.bench.metadata;

import io.chronik.core.cluster.ClusterMetadata;
import io.chronik.core.cluster.ControllerRequestHandler;
import io.chronik.core.cluster.MetadataController;
import io.chronik.core.cluster.PeerRouter;
import io.chronik.core.kafka.KafkaTopicRules;
import io.chronik.core.raft.FileQuorumStateStore;
import io.chronik.forwarding.TcpForwarderProvider;
import io.chronik.replication.tcp.TcpTransportProvider;
import io.chronik.spi.NodeEndpoint;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.Time;
import io.chronik.spi.forwarding.LeaderForwarder;
import io.chronik.spi.forwarding.LeaderForwarderConfig;
import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.testkit.TestPluginContext;
import io.chronik.wal.disruptor.DisruptorWalProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One node's metadata side as the node wires it (disruptor WAL on disk with group-commit fsync, TCP
 * replication transport and TCP forwarder on loopback, the metadata quorum and controller), without
 * the Kafka front end, so the driver measures the metadata path alone.
 */
final class MetadataNode implements AutoCloseable {

    private static final String CLUSTER_ID = "metadata-bench";
    private static final int MAX_MESSAGE_BYTES = 4 << 20;

    private final Wal wal;
    private final ReplicationTransport transport;
    private final LeaderForwarder forwarder;
    private final ClusterMetadata metadata;

    /**
     * @param replication every voter's replication endpoint (this node's included)
     * @param forwarding  every voter's forwarding endpoint (this node's included)
     */
    MetadataNode(int nodeId, Path directory, Map<Integer, NodeEndpoint> replication,
                 Map<Integer, NodeEndpoint> forwarding) {
        PeerRouter router = new PeerRouter(new SimpleMeterRegistry());
        ControllerRequestHandler requests = new ControllerRequestHandler(nodeId);
        TestPluginContext context = new TestPluginContext().withInbound(router).withHandler(requests);
        this.wal = new DisruptorWalProvider().create(new WalConfig(directory.resolve("wal"), new FlushPolicy.Batch(),
                64L << 20, 1 << 20, PluginProperties.empty("wal.disruptor.")), context);
        this.transport = new TcpTransportProvider().create(new ReplicationTransportConfig(nodeId, CLUSTER_ID,
                address(replication.get(nodeId)), others(nodeId, replication), MAX_MESSAGE_BYTES,
                PluginProperties.empty("replication.tcp.")), context);
        router.attach(transport);
        this.forwarder = new TcpForwarderProvider().create(new LeaderForwarderConfig(nodeId, CLUSTER_ID,
                address(forwarding.get(nodeId)), others(nodeId, forwarding), MAX_MESSAGE_BYTES, PluginProperties.empty("forwarding.tcp.")),
                context);
        SortedSet<Integer> voters = new TreeSet<>(replication.keySet());
        this.metadata = new ClusterMetadata(new ClusterMetadata.Settings(nodeId, voters, Duration.ofSeconds(9),
                Duration.ofSeconds(10), Optional.<MetadataController.InternalTopic>empty()), wal,
                log -> new FileQuorumStateStore(directory.resolve("quorum-state")), router, Optional.of(forwarder),
                new KafkaTopicRules(), Time.SYSTEM, context.meters());
        requests.attach(metadata.controller());
        metadata.start(applied -> { });
    }

    private static Map<Integer, NodeEndpoint> others(int nodeId, Map<Integer, NodeEndpoint> all) {
        Map<Integer, NodeEndpoint> others = new TreeMap<>(all);
        others.remove(nodeId);
        return others;
    }

    private static InetSocketAddress address(NodeEndpoint endpoint) {
        return new InetSocketAddress(endpoint.host(), endpoint.port());
    }

    ClusterMetadata metadata() {
        return metadata;
    }

    @Override
    public void close() {
        metadata.close();
        forwarder.close();
        transport.close();
        wal.close();
    }
}
