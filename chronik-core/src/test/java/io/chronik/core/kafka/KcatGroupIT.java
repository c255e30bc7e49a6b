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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * librdkafka's balanced consumer ({@code kcat -G}, when installed) joins a group, commits on
 * close, and a second run resumes after the committed offsets: the group protocol as a second,
 * independent client implementation speaks it.
 */
@Timeout(120)
class KcatGroupIT {

    private final RunningBroker broker = GroupTesting.start(new MemoryWal.Storage());

    @BeforeAll
    static void requireKcat() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")), "kcat (librdkafka) is not installed");
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private List<String> consumeAsGroup() throws IOException, InterruptedException {
        List<String> command = List.of("/usr/bin/kcat", "-b", broker.bootstrap(), "-G", "rdkafka-group", "rdgroup",
                "-e", "-q", "-f", "%s\\n", "-X", "auto.offset.reset=earliest", "-X", "session.timeout.ms=6000");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kcat %s", command).isZero();
        return lines;
    }

    @Test
    void librdkafkaConsumesAsAGroupCommitsAndResumes() throws Exception {
        GroupTesting.createTopic(broker, "rdgroup", 2);
        GroupTesting.produce(broker, "rdgroup", "first", 50);

        List<String> firstRun = consumeAsGroup();
        assertThat(firstRun).hasSize(50).doesNotHaveDuplicates().allMatch(v -> v.startsWith("first-"));
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("rdkafka-group")
                    .partitionsToOffsetAndMetadata().get();
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(50);
        }

        GroupTesting.produce(broker, "rdgroup", "second", 10);
        List<String> secondRun = new ArrayList<>(consumeAsGroup());

        assertThat(secondRun).hasSize(10).allMatch(v -> v.startsWith("second-"));
    }
}
