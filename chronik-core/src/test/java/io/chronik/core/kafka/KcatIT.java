package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chronik.testkit.wal.MemoryWal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * librdkafka (through {@code kcat}, when it is installed) produces and consumes against the broker,
 * and the Java consumer reads what it produced: a second, independent client implementation.
 */
@Timeout(120)
class KcatIT {

    private RunningBroker broker = GroupTesting.start(new MemoryWal.Storage());

    @BeforeAll
    static void requireKcat() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")), "kcat (librdkafka) is not installed");
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private List<String> kcat(Path input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/kcat", "-b", broker.bootstrap()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Process process = builder.start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kcat %s", command).isZero();
        return lines;
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void librdkafkaProducesAndConsumes(String codec, @TempDir Path dir) throws Exception {
        List<String> sent = IntStream.range(0, 5_000).mapToObj(i -> "key" + (i % 13) + ":value-" + i).toList();
        Path input = Files.write(dir.resolve("input.txt"), sent);

        kcat(input, "-P", "-t", "rdkafka", "-K:", "-z", codec, "-X", "acks=all");
        List<String> consumed = kcat(null, "-C", "-t", "rdkafka", "-o", "beginning", "-e", "-q", "-f", "%k:%s\\n");

        assertThat(consumed).isEqualTo(sent);
        List<String> readByJava = new ArrayList<>();
        TopicPartition tp = new TopicPartition("rdkafka", 0);
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of())) {
            consumer.assign(List.of(tp));
            while (readByJava.size() < sent.size()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(java.time.Duration.ofMillis(500))) {
                    readByJava.add(new String(r.key(), StandardCharsets.UTF_8) + ":"
                            + new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(readByJava).isEqualTo(sent);
    }

    /** librdkafka's balanced consumer joins a group, commits on close, and a second run resumes. */
    @Test
    void librdkafkaConsumesAsAGroupCommitsAndResumes() throws Exception {
        GroupTesting.createTopic(broker, "rdgroup", 2);
        GroupTesting.produce(broker, "rdgroup", "first", 50);
        String[] groupConsumer = {"-G", "rdkafka-group", "rdgroup", "-e", "-q", "-f", "%s\\n",
                "-X", "auto.offset.reset=earliest"};

        List<String> firstRun = kcat(null, groupConsumer);
        assertThat(firstRun).hasSize(50).doesNotHaveDuplicates().allMatch(v -> v.startsWith("first-"));
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("rdkafka-group")
                    .partitionsToOffsetAndMetadata().get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(50);
        }
        GroupTesting.produce(broker, "rdgroup", "second", 10);

        assertThat(kcat(null, groupConsumer)).hasSize(10).allMatch(v -> v.startsWith("second-"));
    }
}
