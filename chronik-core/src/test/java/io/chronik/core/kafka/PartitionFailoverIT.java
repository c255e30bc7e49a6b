package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicated partition through the loss of its leader, with the Kafka clients on three real nodes
 * in one JVM: a topic of replication factor 3 created through a follower of the metadata quorum,
 * acks=all records, the partition leader's node stopped, a new leader serving (the time it took is
 * logged), every acknowledged record read back, and the old leader restarted: it rejoins the ISR
 * (having truncated anything it had beyond the new leader's log and caught up) and every node ends
 * with the same metadata.
 */
@Timeout(180)
class PartitionFailoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionFailoverIT.class);
    private static final String TOPIC = "payments";

    @RegisterExtension
    final InProcessClusterExtension clusters = new InProcessClusterExtension();

    private InProcessCluster cluster;

    @Test
    void aNewLeaderServesEveryAcknowledgedRecordAndTheOldOneRejoins() throws Exception {
        cluster = clusters.create(3, "broker.session.timeout.ms=2000");
        cluster.startAll();
        int controller = cluster.awaitOneLeader();
        int follower = cluster.ids().stream().filter(id -> id != controller).findFirst().orElseThrow();
        Admin admin = cluster.admin(follower);
        cluster.awaitBrokers(admin);
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all().get(30, TimeUnit.SECONDS);
        cluster.awaitSameDigest();

        Map<Long, String> acknowledged = new HashMap<>();
        int oldLeader;
        try (KafkaProducer<String, String> producer = producer(cluster.bootstrap())) {
            produce(producer, "before", 2_000, acknowledged);
            oldLeader = leader(admin);
            long stopped = System.nanoTime();
            cluster.stop(oldLeader);
            producer.send(new ProducerRecord<>(TOPIC, "first-after")).get(60, TimeUnit.SECONDS);
            long servedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
            LOG.info("partition leader {} stopped; an acks=all record was acknowledged again after {} ms",
                    oldLeader, servedAfterMs);
            Admin survivor = cluster.admin(cluster.ids().iterator().next());
            int newLeader = leader(survivor);
            assertThat(newLeader).isNotEqualTo(oldLeader);
            produce(producer, "after", 1_000, acknowledged);
        }

        Map<Long, String> stored = readAll(cluster.bootstrap());
        acknowledged.forEach((offset, value) -> assertThat(stored.get(offset))
                .as("acknowledged record at offset %d", offset).isEqualTo(value));

        cluster.start(oldLeader);
        Admin viaRestarted = cluster.admin(oldLeader);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(isr(viaRestarted))
                .as("the restarted replica caught up and rejoined the ISR").containsExactlyInAnyOrder(1, 2, 3));
        cluster.awaitSameDigest();
    }

    @Test
    void aCleanStopHandsLeadershipOverWithoutWaitingForTheSessionTimeout() throws Exception {
        // a session timeout far beyond the test's waits: only the controlled shutdown can fence in time
        cluster = clusters.create(3, "broker.session.timeout.ms=120000");
        cluster.startAll();
        cluster.awaitOneLeader();
        Admin admin = cluster.admin(1);
        cluster.awaitBrokers(admin);
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
        cluster.awaitSameDigest(); // the controller answered once it applied the topic; the others follow
        int leader = leader(admin);
        int survivor = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();

        cluster.stop(leader);

        Admin viaSurvivor = cluster.admin(survivor);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(cluster.brokerFenced(survivor, leader)).as("fenced by its own controlled shutdown").isTrue();
            assertThat(leader(viaSurvivor)).isNotEqualTo(leader);
            assertThat(isr(viaSurvivor)).doesNotContain(leader);
        });
        try (KafkaProducer<String, String> producer = producer(cluster.bootstrap())) {
            producer.send(new ProducerRecord<>(TOPIC, "after-clean-stop")).get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(KafkaProducer<String, String> producer, String prefix, int count,
                                Map<Long, String> acknowledged) throws Exception {
        ReplicatedPartitionClients.produce(producer, TOPIC, prefix, count, acknowledged);
    }

    private static int leader(Admin admin) throws Exception {
        return describe(admin).partitions().get(0).leader().id();
    }

    private static List<Integer> isr(Admin admin) throws Exception {
        return describe(admin).partitions().get(0).isr().stream().map(Node::id).toList();
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return ReplicatedPartitionClients.describe(admin, TOPIC);
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return ReplicatedPartitionClients.producer(bootstrap);
    }

    private static Map<Long, String> readAll(String bootstrap) {
        return ReplicatedPartitionClients.readAll(bootstrap, TOPIC);
    }
}
