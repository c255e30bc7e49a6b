package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability through {@code kill -9}: a producer with {@code acks=1} writes while the node's JVM is
 * killed with SIGKILL; after each restart every record whose produce was acknowledged must be readable
 * at the offset the acknowledgement gave. Several cycles over the same data directory, so recovery of
 * a WAL cut at an arbitrary point is exercised repeatedly, and records acknowledged in earlier cycles
 * must survive the later crashes too.
 */
@Timeout(300)
class CrashRecoveryIT {

    private static final Pattern KAFKA_ADDRESS = Pattern.compile("kafka (127\\.0\\.0\\.1:\\d+);");
    private static final String TOPIC = "crash";
    private static final int PARTITIONS = 3;
    private static final int CYCLES = 3;
    private static final int ACKS_BEFORE_KILL = 3_000;

    private final Distribution dist = Distribution.built();

    @TempDir
    Path work;

    /** Acknowledged records: (partition, offset) to value. */
    private final Map<TopicPartition, Map<Long, String>> acknowledged = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedRecordSurvivesRepeatedKillMinusNine() throws Exception {
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            try (Distribution.ChronikProcess node = startNode()) {
                String bootstrap = kafkaAddress(node);
                if (cycle == 0) {
                    createTopic(bootstrap);
                }
                assertEveryAcknowledgedRecordIsThere(bootstrap);
                produceUntilKilled(bootstrap, node, cycle);
            }
        }
        try (Distribution.ChronikProcess node = startNode()) {
            assertEveryAcknowledgedRecordIsThere(kafkaAddress(node));
            assertThat(node.terminate()).isEqualTo(143);
        }
        assertThat(acknowledged.values().stream().mapToInt(Map::size).sum())
                .isGreaterThanOrEqualTo(CYCLES * ACKS_BEFORE_KILL);
    }

    private Distribution.ChronikProcess startNode() {
        Distribution.ChronikProcess node = dist.start(work, Map.of(), "run",
                "--set", "kafka.listener=127.0.0.1:0", "--set", "replication.listener=127.0.0.1:0",
                "--set", "forwarding.listener=127.0.0.1:0", "--set", "console.enabled=false");
        node.awaitStdout("started;");
        return node;
    }

    private static String kafkaAddress(Distribution.ChronikProcess node) {
        Matcher matcher = KAFKA_ADDRESS.matcher(node.stdout());
        assertThat(matcher.find()).as("startup line names the Kafka address:\n" + node.stdout()).isTrue();
        return matcher.group(1);
    }

    private static void createTopic(String bootstrap) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
        }
    }

    /**
     * Sends records until {@link #ACKS_BEFORE_KILL} more are acknowledged, then kills the node with SIGKILL
     * while sends are still in flight, so the crash lands in the middle of appends and fsyncs.
     */
    private void produceUntilKilled(String bootstrap, Distribution.ChronikProcess node, int cycle)
            throws InterruptedException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "2048");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        int ackedBefore = acknowledgedCount();
        AtomicBoolean killed = new AtomicBoolean();
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; !killed.get(); i++) {
                String value = "cycle-" + cycle + "-record-" + i;
                try {
                    producer.send(new ProducerRecord<>(TOPIC, value), (metadata, error) -> {
                        if (error == null) {
                            acknowledged.computeIfAbsent(new TopicPartition(metadata.topic(), metadata.partition()),
                                    tp -> new ConcurrentHashMap<>()).put(metadata.offset(), value);
                        }
                    });
                } catch (org.apache.kafka.common.KafkaException e) {
                    break; // the node is gone and metadata cannot be fetched: this cycle is over
                }
                if (!killed.get() && acknowledgedCount() - ackedBefore >= ACKS_BEFORE_KILL) {
                    node.process().destroyForcibly(); // SIGKILL: no shutdown hook, no final flush
                    killed.set(node.process().waitFor(30, TimeUnit.SECONDS));
                }
            }
            producer.close(Duration.ofSeconds(5));
        }
        assertThat(killed).as("the node was killed during cycle " + cycle).isTrue();
    }

    private int acknowledgedCount() {
        return acknowledged.values().stream().mapToInt(Map::size).sum();
    }

    private void assertEveryAcknowledgedRecordIsThere(String bootstrap) {
        TopicContents.assertContains(TopicContents.read(bootstrap, TOPIC, PARTITIONS), acknowledged);
    }
}
