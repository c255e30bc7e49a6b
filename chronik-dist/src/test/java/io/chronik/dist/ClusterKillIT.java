package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node JVMs started with the distribution's launcher, and {@code kill -9} at the worst moments:
 * the metadata leader during a burst of CreateTopics, and a partition leader during {@code acks=all}
 * produce. Whatever was acknowledged before, during or after a kill must be there once the cluster
 * has recovered: every created topic on every node, every produced record at its acknowledged offset.
 */
@Timeout(300)
class ClusterKillIT {

    private static final int NODES = 3;
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    private final Distribution dist = Distribution.built();

    @TempDir
    Path work;

    private LocalNodes cluster;

    @AfterEach
    void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void topicsCreatedWhileTheMetadataLeaderIsKilledAreAllThere() throws Exception {
        cluster = new LocalNodes(dist, work, "kill-metadata", NODES);
        cluster.startAll();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (Admin admin = admin(cluster.bootstrap())) {
            int leader = awaitController(admin);
            List<KafkaFuture<Void>> inFlight = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String name = "burst-" + i;
                KafkaFuture<Void> created = admin.createTopics(List.of(new NewTopic(name, 1, (short) NODES)))
                        .all().whenComplete((ok, error) -> {
                            if (error == null) {
                                acknowledged.add(name);
                            }
                        });
                inFlight.add(created);
                if (i == 100) {
                    cluster.kill(leader); // mid-burst: some creations are in flight at the leader
                }
            }
            for (KafkaFuture<Void> created : inFlight) {
                try {
                    created.get(2, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException expected) {
                    // not acknowledged: allowed to be missing
                }
            }
            int next = awaitController(admin);
            assertThat(next).as("a surviving node leads the metadata log").isNotEqualTo(leader);
            cluster.start(leader);
        }
        assertThat(acknowledged).as("creations acknowledged across the kill").hasSizeGreaterThan(150);
        for (int id : cluster.runningIds()) {
            try (Admin one = admin(cluster.bootstrap(id))) {
                await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(one.listTopics().names().get()).as("topics on node " + id).containsAll(acknowledged));
            }
        }
    }

    @Test
    void recordsAcknowledgedWithAcksAllSurviveKillingThePartitionLeader() throws Exception {
        cluster = new LocalNodes(dist, work, "kill-partition", NODES);
        cluster.startAll();
        String topic = "durable";
        int partitions = 3;
        Map<TopicPartition, Map<Long, String>> acknowledged = new ConcurrentHashMap<>();
        int killed;
        try (Admin admin = admin(cluster.bootstrap())) {
            awaitController(admin);
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) NODES)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = producer(cluster.bootstrap())) {
                produce(producer, topic, acknowledged, 0, 3_000);
                killed = leaderOf(admin, new TopicPartition(topic, 0));
                cluster.kill(killed);
                long start = System.nanoTime();
                produce(producer, topic, acknowledged, 1, 3_000);
                System.out.printf("produced 3,000 acks=all records after killing leader %d in %d ms%n", killed,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            cluster.start(killed);
        }
        assertThat(acknowledged.values().stream().mapToInt(Map::size).sum()).isEqualTo(6_000);
        TopicContents.assertContains(TopicContents.read(cluster.bootstrap(), topic, partitions), acknowledged);
    }

    /** Sends {@code count} records and waits for all of them; each must be acknowledged (the producer retries). */
    private static void produce(KafkaProducer<String, String> producer, String topic,
                                Map<TopicPartition, Map<Long, String>> acknowledged, int round, int count)
            throws Exception {
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String value = "round-" + round + "-record-" + i;
            sent.add(producer.send(new ProducerRecord<>(topic, Integer.toString(i), value), (metadata, error) -> {
                if (error == null) {
                    acknowledged.computeIfAbsent(new TopicPartition(metadata.topic(), metadata.partition()),
                            tp -> new ConcurrentHashMap<>()).put(metadata.offset(), value);
                }
            }));
        }
        for (var future : sent) {
            future.get(2, TimeUnit.MINUTES);
        }
    }

    private static int awaitController(Admin admin) {
        int[] controller = new int[1];
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            controller[0] = admin.describeCluster().controller().get(5, TimeUnit.SECONDS).id();
            return controller[0] >= 0;
        });
        return controller[0];
    }

    private static int leaderOf(Admin admin, TopicPartition partition) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(partition.topic()))
                .allTopicNames().get(30, TimeUnit.SECONDS).get(partition.topic());
        return description.partitions().get(partition.partition()).leader().id();
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000"));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "90000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
