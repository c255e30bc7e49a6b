package io.chronik.core.kafka;

import static org.awaitility.Awaitility.await;

import io.chronik.api.ClusterView;
import io.chronik.core.config.ConfigLoader;
import io.chronik.core.config.NodeConfig;
import io.chronik.core.node.ChronikServer;
import io.chronik.spi.loader.PluginLoader;
import io.chronik.spi.loader.PluginRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Real nodes ({@link ChronikServer}) in one JVM: the disruptor WAL on disk, the TCP replication
 * transport and forwarder on loopback, voters on ports picked before the first start so a node can
 * stop and start again at the same address with its data.
 */
final class InProcessCluster implements AutoCloseable {

    private static final PluginRegistry REGISTRY = PluginLoader.builtIns("9.9.9");

    private final Path dir;
    private final String voters;
    private final List<String> overrides;
    private final Map<Integer, ChronikServer> running = new HashMap<>();
    private final List<Admin> admins = new ArrayList<>();

    /** @param overrides settings every node gets on top of the cluster's own ({@code key=value}) */
    InProcessCluster(Path dir, int nodes, String... overrides) {
        this.dir = dir;
        this.overrides = List.of(overrides);
        List<String> entries = new ArrayList<>();
        for (int id = 1; id <= nodes; id++) {
            entries.add(id + "@127.0.0.1:" + freePort() + "/" + freePort());
        }
        this.voters = String.join(",", entries);
    }

    void startAll() {
        for (int id = 1; id <= voters.split(",").length; id++) {
            start(id);
        }
    }

    void start(int id) {
        List<String> settings = new ArrayList<>(List.of(
                "node.id=" + id, "data.dir=" + dir.resolve("node" + id), "cluster.id=quorum-test",
                "cluster.voters=" + voters, "replication.listener=" + listener(id, 0),
                "forwarding.listener=" + listener(id, 1), "kafka.listener=127.0.0.1:0",
                "console.listener=127.0.0.1:0", "console.enabled=false", "wal.provider=disruptor",
                "replication.provider=tcp", "forwarding.provider=tcp", "wal.segment.bytes=1048576",
                "wal.max.record.bytes=524288", "offsets.topic.num.partitions=3"));
        settings.addAll(overrides);
        NodeConfig config = ConfigLoader.load(ConfigLoader.Sources.defaults().withOverrides(
                settings.toArray(String[]::new)));
        running.put(id, ChronikServer.start(config, REGISTRY));
    }

    /** Stops node {@code id} (a clean close: its transport connections drop as in a crash). */
    void stop(int id) {
        running.remove(id).close();
    }

    ChronikServer node(int id) {
        return running.get(id);
    }

    Set<Integer> ids() {
        return Set.copyOf(running.keySet());
    }

    /** Every running node's Kafka listener. */
    String bootstrap() {
        return running.values().stream().map(s -> "127.0.0.1:" + s.kafkaPort()).collect(Collectors.joining(","));
    }

    /** The voter entry's replication (0) or forwarding (1) address. */
    private String listener(int id, int which) {
        String entry = voters.split(",")[id - 1];
        String[] ports = entry.substring(entry.indexOf(':') + 1).split("/");
        return "127.0.0.1:" + ports[which];
    }

    /** Waits until exactly one running node leads and all name it; returns it. */
    int awaitOneLeader() {
        Set<Integer> nodes = ids();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Set<OptionalInt> seen = nodes.stream().map(id -> running.get(id).cluster().metadataLeader())
                    .collect(Collectors.toSet());
            long leaders = nodes.stream().filter(id -> running.get(id).cluster().role()
                    == ClusterView.QuorumRole.LEADER).count();
            return leaders == 1 && seen.size() == 1 && seen.iterator().next().isPresent();
        });
        return running.get(nodes.iterator().next()).cluster().metadataLeader().getAsInt();
    }

    /** Waits until {@code admin} sees every running node registered as a broker. */
    void awaitBrokers(Admin admin) {
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.describeCluster().nodes()
                .get(10, TimeUnit.SECONDS).size() == running.size());
    }

    /** Waits until every running node has applied the same metadata. */
    void awaitSameDigest() {
        await().atMost(Duration.ofSeconds(30)).until(() -> running.values().stream()
                .map(ChronikServer::metadataDigest).collect(Collectors.toSet()).size() == 1);
    }

    boolean brokerFenced(int asSeenBy, int broker) {
        Optional<ClusterView.BrokerView> view = running.get(asSeenBy).cluster().brokers().stream()
                .filter(b -> b.nodeId() == broker).findFirst();
        return view.map(ClusterView.BrokerView::fenced).orElse(false);
    }

    /** An AdminClient bootstrapped at node {@code id} alone, closed with the cluster. */
    Admin admin(int id) {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + running.get(id).kafkaPort(), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
        admins.add(admin);
        return admin;
    }

    @Override
    public void close() {
        admins.forEach(Admin::close);
        running.values().forEach(ChronikServer::close);
        running.clear();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
