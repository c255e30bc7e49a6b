package io.chronik.core.kafka;

import static io.chronik.core.kafka.ReplicatedPartitionClients.describe;
import static io.chronik.core.kafka.ReplicatedPartitionClients.produce;
import static io.chronik.core.kafka.ReplicatedPartitionClients.producer;
import static io.chronik.core.kafka.ReplicatedPartitionClients.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A partition follower that comes back below its leader's log start, on real nodes: while it was
 * stopped the leader took records and retention freed the oldest, so the follower's log ends where
 * the leader has nothing any more. It is told the leader's log start, drops its log, fetches from
 * there and rejoins the ISR; once it leads, consumers read every retained record from it.
 */
@Timeout(180)
class PartitionCatchUpIT {

    private static final String TOPIC = "archive";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @RegisterExtension
    final InProcessClusterExtension clusters = new InProcessClusterExtension();

    private InProcessCluster cluster;

    @Test
    void aFollowerBelowTheLeadersLogStartStartsOverThereAndRejoins() throws Exception {
        cluster = clusters.create(3, "broker.session.timeout.ms=2000", "log.retention.check.interval.ms=300");
        cluster.startAll();
        int controller = cluster.awaitOneLeader();
        List<Integer> replicas = cluster.ids().stream().filter(id -> id != controller).sorted().toList();
        int leader = replicas.get(0);
        int away = replicas.get(1);
        Admin admin = cluster.admin(controller);
        cluster.awaitBrokers(admin);
        admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, replicas)).configs(Map.of(
                "retention.bytes", Integer.toString(1 << 20))))).all().get(30, TimeUnit.SECONDS);
        Map<Long, String> acknowledged = new HashMap<>();
        String padding = "x".repeat(10_000); // records of 10 KB: retention frees whole 1 MiB WAL segments
        try (KafkaProducer<String, String> producer = producer(cluster.bootstrap())) {
            produce(producer, TOPIC, "early-" + padding, 20, acknowledged);
            await().atMost(Duration.ofSeconds(30)).until(() -> isr(admin, TOPIC).size() == 2);
            cluster.stop(away);
            await().atMost(Duration.ofSeconds(30)).until(() -> isr(admin, TOPIC).equals(List.of(leader)));
            produce(producer, TOPIC, "while-away-" + padding, 600, acknowledged);
        }
        await("retention frees the leader's oldest segments").atMost(Duration.ofSeconds(30))
                .until(() -> offset(admin, OffsetSpec.earliest()) > 20);

        cluster.start(away);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(isr(admin, TOPIC))
                .as("the follower started over at the leader's log start and caught up")
                .containsExactlyInAnyOrder(leader, away));

        cluster.stop(leader);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> describe(admin, TOPIC).partitions().get(0).leader().id() == away);
        long start = offset(admin, OffsetSpec.earliest());
        long end = offset(admin, OffsetSpec.latest());
        assertThat(start).as("the new leader's log starts where the old leader's did, not at 0").isGreaterThan(20);
        assertThat(end).isEqualTo(620);
        Map<Long, String> read = readAll(cluster.bootstrap(), TOPIC);
        assertThat(read).hasSize((int) (end - start));
        read.forEach((offset, value) -> assertThat(value).as("offset %d", offset).isEqualTo(acknowledged.get(offset)));
    }

    private static long offset(Admin admin, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(PARTITION, spec)).partitionResult(PARTITION).get(10, TimeUnit.SECONDS).offset();
    }

    private static List<Integer> isr(Admin admin, String topic) throws Exception {
        return describe(admin, topic).partitions().get(0).isr().stream().map(Node::id).toList();
    }
}
