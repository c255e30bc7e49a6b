package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
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
    private static final int NODES = 3;

    @RegisterExtension
    final InProcessClusterExtension clusters = new InProcessClusterExtension();

    private InProcessCluster cluster;

    @Test
    void electsOneLeaderForwardsWritesFailsOverAndCatchesUp() throws Exception {
        cluster = clusters.create(NODES, "broker.session.timeout.ms=2000");
        cluster.startAll();

        int leader = cluster.awaitOneLeader();
        int follower = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        Admin viaFollower = cluster.admin(follower);
        cluster.awaitBrokers(viaFollower);
        assertThat(viaFollower.describeCluster().controller().get(10, TimeUnit.SECONDS).id()).isEqualTo(leader);

        viaFollower.createTopics(List.of(new NewTopic("replicated", 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
        assertThat(cluster.node(follower).cluster().brokers()).hasSize(NODES);
        // the admin client may ask any node next; the others apply the commit with their next fetch
        cluster.awaitSameDigest();
        TopicDescription replicated = viaFollower.describeTopics(List.of("replicated")).allTopicNames()
                .get(10, TimeUnit.SECONDS).get("replicated");
        assertThat(replicated.partitions()).hasSize(3).allSatisfy(p -> {
            assertThat(p.replicas()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(p.isr()).hasSize(3);
            assertThat(p.leader()).isNotNull();
        });
        assertThat(replicated.partitions()).extracting(p -> p.leader().id()).as("leaders are spread")
                .containsExactlyInAnyOrder(1, 2, 3);
        cluster.awaitSameDigest();

        // the controller created __consumer_offsets once all three brokers registered; a group's
        // coordinator is the leader of the group's partition of it
        await().atMost(Duration.ofSeconds(20)).until(() -> viaFollower.listTopics(new ListTopicsOptions()
                .listInternal(true)).names().get(10, TimeUnit.SECONDS).contains("__consumer_offsets"));
        cluster.awaitSameDigest();
        TopicDescription offsets = viaFollower.describeTopics(List.of("__consumer_offsets")).allTopicNames()
                .get(10, TimeUnit.SECONDS).get("__consumer_offsets");
        assertThat(offsets.partitions()).hasSize(3).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        int groupPartition = Utils.abs("orders-group".hashCode()) % 3;
        int coordinator = offsets.partitions().get(groupPartition).leader().id();
        for (int id : cluster.ids()) {
            try (RawKafkaClient raw = new RawKafkaClient(cluster.node(id).kafkaPort())) {
                FindCoordinatorResponseData found = (FindCoordinatorResponseData) raw.call(ApiKeys.FIND_COORDINATOR,
                        (short) 4, new FindCoordinatorRequestData().setKeyType((byte) 0)
                                .setCoordinatorKeys(List.of("orders-group")));
                assertThat(found.coordinators().get(0).nodeId()).as("coordinator named by node %d", id)
                        .isEqualTo(coordinator);
            }
        }

        int survivor0 = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        Admin duringFailover = cluster.admin(survivor0);
        long stopped = System.nanoTime();
        cluster.stop(leader);
        // sent while the survivors still name the stopped node as leader: forwarded, retried, then executed
        // by whichever node wins the election
        var createdDuringFailover = duringFailover.createTopics(List.of(new NewTopic("during-failover", 1, (short) 2)))
                .all();
        int newLeader = cluster.awaitOneLeader();
        long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        LOG.info("metadata leader {} stopped; node {} leads after {} ms", leader, newLeader, failoverMs);
        assertThat(newLeader).isNotEqualTo(leader);

        createdDuringFailover.get(30, TimeUnit.SECONDS);
        int survivor = cluster.ids().stream().filter(id -> id != newLeader).findFirst().orElseThrow();
        Admin viaSurvivor = cluster.admin(survivor);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.brokerFenced(survivor, leader));
        cluster.awaitSameDigest();
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
        cluster.awaitSameDigest();

        cluster.start(leader);
        await().atMost(Duration.ofSeconds(30)).until(() -> !cluster.brokerFenced(newLeader, leader));
        cluster.awaitSameDigest();
        Admin viaRestarted = cluster.admin(leader);
        assertThat(viaRestarted.listTopics().names().get(10, TimeUnit.SECONDS))
                .contains("replicated", "during-failover", "after-failover");
        List<TopicPartitionInfo> after = viaRestarted.describeTopics(List.of("after-failover")).allTopicNames()
                .get(10, TimeUnit.SECONDS).get("after-failover").partitions();
        assertThat(after).allSatisfy(p -> assertThat(p.replicas()).extracting(Node::id).doesNotContain(leader));
    }
}
