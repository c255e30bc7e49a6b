package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party plugin as an admin installs one: the example WAL plugin's directory
 * ({@code examples/simple-file-wal/target/plugin/simple-file}, built by the reactor) is copied into
 * {@code plugins/} of an unpacked distribution and selected in {@code conf/chronik.properties}; the node
 * then runs on it in the background. Broken copies of it stop startup with a message naming the plugin
 * directory and the problem.
 */
@Timeout(180)
class ThirdPartyPluginIT {

    private static final String PLUGIN = "simple-file";
    private static final Pattern KAFKA_ADDRESS = Pattern.compile("kafka (127\\.0\\.0\\.1:\\d+);");
    private static final String FREE_PORTS = """
            kafka.listener=127.0.0.1:0
            replication.listener=127.0.0.1:0
            forwarding.listener=127.0.0.1:0
            console.enabled=false
            """;

    @TempDir
    Path scratch;

    @TempDir
    Path work;

    private Distribution dist;
    private Path plugins;

    @BeforeEach
    void install() throws IOException {
        dist = Distribution.built().copyTo(scratch.resolve("chronik"));
        plugins = dist.home().resolve("plugins");
        configure("wal.provider=" + PLUGIN + "\n" + FREE_PORTS);
    }

    /** Stops a node a failed or timed-out test left running in the background. */
    @AfterEach
    void stopWhatATestLeftRunning() {
        dist.run(work, Map.of(), "stop");
    }

    @Test
    void theNodeRunsOnAPluginDroppedIntoPlugins() throws IOException {
        Distribution.installPlugin("chronik.example.wal.plugin", plugins.resolve(PLUGIN));

        Distribution.Result listed = dist.run(work, Map.of(), "plugins");
        assertThat(listed.exitCode()).as(listed.stderr()).isZero();
        assertThat(listed.stdout()).containsPattern("(?m)^wal +simple-file +\\S+ +yes +"
                + Pattern.quote(plugins.resolve(PLUGIN).toString()) + "$")
                .containsPattern("(?m)^wal +disruptor +\\S+ +no +built-in$");

        Distribution.Result started = dist.run(work, Map.of(), "start");
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        String log = Files.readString(dist.home().resolve("logs/chronik.log"));
        assertThat(log).contains("wal provider: simple-file");
        String bootstrap = kafkaAddress(log);

        List<String> values = List.of("one", "two", "three");
        produce(bootstrap, values);
        assertThat(consume(bootstrap, values.size())).containsExactlyElementsOf(values);
        assertThat(work.resolve("data/wal/logs/plugged-0")).as("the plugin's own file layout").isRegularFile();

        Distribution.Result stopped = dist.run(work, Map.of(), "stop");
        assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
    }

    @Test
    void aPluginWithoutDescriptorStopsStartupNamingItsDirectory() throws IOException {
        Path dir = plugins.resolve(PLUGIN);
        Distribution.installPlugin("chronik.example.wal.plugin", dir);
        Files.delete(dir.resolve("plugin.properties"));

        assertStartupFailsNaming(dir, "plugin.properties");
    }

    @Test
    void aPluginForAnotherSpiVersionStopsStartupNamingItsDirectory() throws IOException {
        Path dir = plugins.resolve(PLUGIN);
        Distribution.installPlugin("chronik.example.wal.plugin", dir);
        Path descriptor = dir.resolve("plugin.properties");
        Files.writeString(descriptor, Files.readString(descriptor).replaceAll("spi\\.version=\\d+", "spi.version=99"));

        assertStartupFailsNaming(dir, "99");
    }

    @Test
    void aPluginBundlingTheSpiStopsStartupNamingItsDirectory() throws IOException {
        Path dir = plugins.resolve(PLUGIN);
        Distribution.installPlugin("chronik.example.wal.plugin", dir);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("chronik-spi-copy.jar")))) {
            jar.putNextEntry(new JarEntry("io/chronik/spi/PluginProvider.class"));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
            jar.closeEntry();
        }

        assertStartupFailsNaming(dir, "io.chronik.spi");
    }

    @Test
    void twoPluginsProvidingTheSameNameStopStartup() throws IOException {
        Distribution.installPlugin("chronik.example.wal.plugin", plugins.resolve(PLUGIN));
        Path twin = plugins.resolve("simple-file-twin");
        Distribution.installPlugin("chronik.example.wal.plugin", twin);
        Path descriptor = twin.resolve("plugin.properties");
        Files.writeString(descriptor, Files.readString(descriptor).replace("name=" + PLUGIN, "name=simple-file-twin"));

        Distribution.Result started = dist.run(work, Map.of(), "start");
        assertThat(started.exitCode()).isNotZero();
        assertThat(started.stderr() + started.stdout()).contains("simple-file").contains("simple-file-twin");
    }

    private void assertStartupFailsNaming(Path pluginDir, String problem) {
        Distribution.Result started = dist.run(work, Map.of(), "start");
        String output = started.stderr() + started.stdout();
        assertThat(started.exitCode()).as(output).isNotZero();
        assertThat(output).contains(pluginDir.toString()).contains(problem);
        assertThat(dist.run(work, Map.of(), "status").exitCode()).as("no node left running").isNotZero();
    }

    private void configure(String properties) throws IOException {
        Files.writeString(dist.home().resolve("conf/chronik.properties"), properties, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    private static String kafkaAddress(String log) {
        Matcher matcher = KAFKA_ADDRESS.matcher(log);
        assertThat(matcher.find()).as("the startup line names the Kafka address:\n" + log).isTrue();
        return matcher.group(1);
    }

    private static void produce(String bootstrap, List<String> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>("plugged", value));
            }
            producer.flush();
        }
    }

    private static List<String> consume(String bootstrap, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition("plugged", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
