package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chronik.api.ClusterView;
import io.chronik.core.config.ConfigLoader;
import io.chronik.core.config.NodeConfig;
import io.chronik.core.node.ChronikServer;
import io.chronik.spi.loader.PluginLoader;
import io.chronik.spi.loader.PluginRegistry;
import java.io.IOException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three real nodes in one JVM over the real TCP transport and forwarder on loopback, with the disruptor
 * WAL on disk, driven by the Kafka AdminClient: one metadata leader, topics created through a follower,
 * identical state everywhere, the controller-created {@code __consumer_offsets} and FindCoordinator
 * naming its partition leader on every node, failover when the leader goes (a write sent meanwhile
 * is retried onto the new leader), fencing of the stopped broker, catch-up after a restart.
 */
@Timeout(180)
class MetadataQuorumClusterIT {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataQuorumClusterIT.class);
    private static final PluginRegistry REGISTRY = PluginLoader.builtIns("9.9.9");
    private static final int NODES = 3;

    @TempDir
    Path dir;

    private final Map<Integer, ChronikServer> running = new HashMap<>();
    private final List<Admin> admins = new ArrayList<>();
    private String voters;

    @AfterEach
    void stop() {
        admins.forEach(Admin::close);
        running.values().forEach(ChronikServer::close);
    }

    @Test
    void electsOneLeaderForwardsWritesFailsOverAndCatchesUp() throws Exception {
        List<String> entries = new ArrayList<>();
        for (int id = 1; id <= NODES; id++) {
            int replication = freePort();
            entries.add(id + "@127.0.0.1:" + replication + "/" + freePort());
        }
        voters = String.join(",", entries);
        for (int id = 1; id <= NODES; id++) {
            start(id);
        }

        int leader = awaitOneLeader(running.keySet());
        int follower = running.keySet().stream().filter(id -> id != leader).findFirst().orElseThrow();
        Admin viaFollower = admin(follower);
        await().atMost(Duration.ofSeconds(20)).until(() -> viaFollower.describeCluster().nodes()
                .get(10, TimeUnit.SECONDS).size() == NODES);
        assertThat(viaFollower.describeCluster().controller().get(10, TimeUnit.SECONDS).id()).isEqualTo(leader);

        viaFollower.createTopics(List.of(new NewTopic("replicated", 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
        assertThat(running.get(follower).cluster().brokers()).hasSize(NODES);
        // the admin client may ask any node next; the others apply the commit with their next fetch
        awaitSameDigest(running.keySet());
        TopicDescription replicated = viaFollower.describeTopics(List.of("replicated")).allTopicNames()
                .get(10, TimeUnit.SECONDS).get("replicated");
        assertThat(replicated.partitions()).hasSize(3).allSatisfy(p -> {
            assertThat(p.replicas()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(p.isr()).hasSize(3);
            assertThat(p.leader()).isNotNull();
        });
        assertThat(replicated.partitions()).extracting(p -> p.leader().id()).as("leaders are spread")
                .containsExactlyInAnyOrder(1, 2, 3);
        awaitSameDigest(running.keySet());

        // the controller created __consumer_offsets once all three brokers registered; a group's
        // coordinator is the leader of the group's partition of it
        await().atMost(Duration.ofSeconds(20)).until(() -> viaFollower.listTopics(new ListTopicsOptions()
                .listInternal(true)).names().get(10, TimeUnit.SECONDS).contains("__consumer_offsets"));
        awaitSameDigest(running.keySet());
        TopicDescription offsets = viaFollower.describeTopics(List.of("__consumer_offsets")).allTopicNames()
                .get(10, TimeUnit.SECONDS).get("__consumer_offsets");
        assertThat(offsets.partitions()).hasSize(3).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        int groupPartition = Utils.abs("orders-group".hashCode()) % 3;
        int coordinator = offsets.partitions().get(groupPartition).leader().id();
        for (int id : running.keySet()) {
            try (RawKafkaClient raw = new RawKafkaClient(running.get(id).kafkaPort())) {
                FindCoordinatorResponseData found = (FindCoordinatorResponseData) raw.call(ApiKeys.FIND_COORDINATOR,
                        (short) 4, new FindCoordinatorRequestData().setKeyType((byte) 0)
                                .setCoordinatorKeys(List.of("orders-group")));
                assertThat(found.coordinators().get(0).nodeId()).as("coordinator named by node %d", id)
                        .isEqualTo(coordinator);
            }
        }

        int survivor0 = running.keySet().stream().filter(id -> id != leader).findFirst().orElseThrow();
        Admin duringFailover = admin(survivor0);
        long stopped = System.nanoTime();
        running.remove(leader).close();
        // sent while the survivors still name the stopped node as leader: forwarded, retried, then executed
        // by whichever node wins the election
        var createdDuringFailover = duringFailover.createTopics(List.of(new NewTopic("during-failover", 1, (short) 2)))
                .all();
        int newLeader = awaitOneLeader(running.keySet());
        long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        LOG.info("metadata leader {} stopped; node {} leads after {} ms", leader, newLeader, failoverMs);
        assertThat(newLeader).isNotEqualTo(leader);

        createdDuringFailover.get(30, TimeUnit.SECONDS);
        int survivor = running.keySet().stream().filter(id -> id != newLeader).findFirst().orElseThrow();
        Admin viaSurvivor = admin(survivor);
        await().atMost(Duration.ofSeconds(30)).until(() -> brokerFenced(survivor, leader));
        awaitSameDigest(running.keySet());
        assertThat(viaSurvivor.describeTopics(List.of("replicated")).allTopicNames().get(10, TimeUnit.SECONDS)
                .get("replicated").partitions())
                .as("partitions led by the stopped broker moved to another in-sync replica")
                .allSatisfy(p -> {
                    assertThat(p.leader().id()).isNotEqualTo(leader);
                    assertThat(p.isr()).extracting(Node::id).doesNotContain(leader);
                });
        viaSurvivor.createTopics(List.of(new NewTopic("after-failover", 2, (short) 2))).all()
                .get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> viaSurvivor.createTopics(List.of(new NewTopic("too-wide", 1, (short) 3))).all()
                .get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidReplicationFactorException.class);
        awaitSameDigest(running.keySet());

        start(leader);
        await().atMost(Duration.ofSeconds(30)).until(() -> !brokerFenced(newLeader, leader));
        awaitSameDigest(running.keySet());
        Admin viaRestarted = admin(leader);
        assertThat(viaRestarted.listTopics().names().get(10, TimeUnit.SECONDS))
                .contains("replicated", "during-failover", "after-failover");
        List<TopicPartitionInfo> after = viaRestarted.describeTopics(List.of("after-failover")).allTopicNames()
                .get(10, TimeUnit.SECONDS).get("after-failover").partitions();
        assertThat(after).allSatisfy(p -> assertThat(p.replicas()).extracting(Node::id).doesNotContain(leader));
    }

    private void start(int id) {
        NodeConfig config = ConfigLoader.load(ConfigLoader.Sources.defaults().withOverrides(
                "node.id=" + id, "data.dir=" + dir.resolve("node" + id), "cluster.id=quorum-test",
                "cluster.voters=" + voters, "replication.listener=" + listener(id, 0),
                "forwarding.listener=" + listener(id, 1), "kafka.listener=127.0.0.1:0",
                "console.listener=127.0.0.1:0", "console.enabled=false", "wal.provider=disruptor",
                "replication.provider=tcp", "forwarding.provider=tcp", "wal.segment.bytes=1048576",
                "wal.max.record.bytes=524288", "offsets.topic.num.partitions=3", "broker.session.timeout.ms=2000"));
        running.put(id, ChronikServer.start(config, REGISTRY));
    }

    /** The voter entry's replication (0) or forwarding (1) address. */
    private String listener(int id, int which) {
        String entry = voters.split(",")[id - 1];
        String[] ports = entry.substring(entry.indexOf(':') + 1).split("/");
        return "127.0.0.1:" + ports[which];
    }

    private int awaitOneLeader(Set<Integer> nodes) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Set<OptionalInt> seen = nodes.stream().map(id -> running.get(id).cluster().metadataLeader())
                    .collect(Collectors.toSet());
            long leaders = nodes.stream().filter(id -> running.get(id).cluster().role()
                    == ClusterView.QuorumRole.LEADER).count();
            return leaders == 1 && seen.size() == 1 && seen.iterator().next().isPresent();
        });
        return running.get(nodes.iterator().next()).cluster().metadataLeader().getAsInt();
    }

    private void awaitSameDigest(Set<Integer> nodes) {
        await().atMost(Duration.ofSeconds(30)).until(() -> nodes.stream()
                .map(id -> running.get(id).metadataDigest()).collect(Collectors.toSet()).size() == 1);
    }

    private boolean brokerFenced(int asSeenBy, int broker) {
        Optional<ClusterView.BrokerView> view = running.get(asSeenBy).cluster().brokers().stream()
                .filter(b -> b.nodeId() == broker).findFirst();
        return view.map(ClusterView.BrokerView::fenced).orElse(false);
    }

    private Admin admin(int id) {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + running.get(id).kafkaPort(), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
        admins.add(admin);
        return admin;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
