package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example chaos transport (examples/chaos-transport), dropped into {@code plugins/} of the
 * distribution and selected as the replication transport of a 3-node cluster: {@code bin/chronik
 * plugins} and the console's plugin view show it in use, and its effect on replication traffic shows
 * in the produce path. With a
 * {@value #DELAY_MS} ms delay on every message between nodes, an acks=all record cannot be acknowledged
 * before a follower's fetch has crossed the network twice (its fetch, then the fetch that reports its
 * copy durable), and with {@value #LOSS_PERCENT}% of the messages lost, replication still loses no
 * acknowledged record: the engine's fetch protocol retries what the network dropped.
 */
@Timeout(300)
class ChaosClusterIT {

    private static final String PLUGIN = "chaos";
    private static final int DELAY_MS = 100;
    private static final int LOSS_PERCENT = 10;
    private static final int RECORDS = 20;
    private static final Pattern ONE_TIME_PASSWORD = Pattern.compile("one-time password (\\S+) \\.");

    @TempDir
    Path scratch;

    private LocalNodes cluster;

    @AfterEach
    void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void replicationRunsThroughTheDroppedInChaosTransportAndFeelsItsDelayAndLoss() throws Exception {
        Distribution dist = Distribution.built().copyTo(scratch.resolve("chronik"));
        Path installed = dist.home().resolve("plugins").resolve(PLUGIN);
        Distribution.installPlugin("chronik.example.transport.plugin", installed);
        List<String> chaos = List.of("replication.provider=" + PLUGIN, "replication.chaos.delegate=tcp",
                "replication.chaos.delay.ms=" + DELAY_MS, "replication.chaos.loss.percent=" + LOSS_PERCENT,
                "replication.chaos.seed=7");

        Distribution.Result listed = dist.run(scratch, Map.of(), "plugins", "--set", chaos.get(0));
        assertThat(listed.exitCode()).as(listed.stderr()).isZero();
        assertThat(listed.stdout()).containsPattern("(?m)^replication +chaos +\\S+ +yes +"
                + Pattern.quote(installed.toString()) + "$");

        cluster = new LocalNodes(dist, scratch.resolve("work"), "chaos-cluster", 3, chaos);
        cluster.startAll();
        for (int id : cluster.runningIds()) {
            assertThat(cluster.stdout(id)).contains("replication provider: chaos");
        }
        assertThat(consolePluginView(cluster)).as("the console's plugin view")
                .contains("\"spi\":\"replication\",\"name\":\"chaos\"")
                .contains(installed.toString().replace("\\", "\\\\"));
        String topic = "through-chaos";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000"))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3)
                    .configs(Map.of("min.insync.replicas", "3")))).all().get(60, TimeUnit.SECONDS);
        }

        Map<TopicPartition, Map<Long, String>> acknowledged = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer(cluster.bootstrap())) {
            producer.send(new ProducerRecord<>(topic, "warm-up")).get(60, TimeUnit.SECONDS); // metadata, connections
            for (int i = 0; i < RECORDS; i++) {
                String value = "record-" + i;
                long start = System.nanoTime();
                RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, value)).get(60, TimeUnit.SECONDS);
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(tookMs).as("acks=all of %s waits for two delayed follower fetches", value)
                        .isGreaterThanOrEqualTo(2L * DELAY_MS);
                acknowledged.computeIfAbsent(new TopicPartition(topic, 0), tp -> new HashMap<>())
                        .put(metadata.offset(), value);
            }
        }
        TopicContents.assertContains(TopicContents.read(cluster.bootstrap(), topic, 1), acknowledged);
    }

    /** GET /api/v1/plugins on node 1's console as the generated admin, whose password node 1 logged. */
    private static String consolePluginView(LocalNodes cluster) throws Exception {
        Matcher password = ONE_TIME_PASSWORD.matcher(cluster.stdout(1));
        assertThat(password.find()).as("node 1 logs the console's one-time password:\n" + cluster.stdout(1)).isTrue();
        String credentials = Base64.getEncoder().encodeToString(("admin:" + password.group(1))
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cluster.consoleUrl() + "/api/v1/plugins"))
                .header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "90000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
