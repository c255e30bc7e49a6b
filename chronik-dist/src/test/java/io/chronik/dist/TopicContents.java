package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic back with a real consumer, to compare with what producers had acknowledged. */
final class TopicContents {

    private TopicContents() {
    }

    /** Every record of {@code topic}'s first {@code partitions} partitions up to their end offsets: offset to value. */
    static Map<TopicPartition, Map<Long, String>> read(String bootstrap, String topic, int partitions) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<TopicPartition, Map<Long, String>> stored = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(60));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (assigned.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("read to the end offsets %s in time", end).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    stored.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                            tp -> new HashMap<>()).put(record.offset(), new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return stored;
    }

    /** Asserts that every acknowledged record is stored at its acknowledged offset with its value. */
    static void assertContains(Map<TopicPartition, Map<Long, String>> stored,
                               Map<TopicPartition, Map<Long, String>> acknowledged) {
        for (Map.Entry<TopicPartition, Map<Long, String>> partition : acknowledged.entrySet()) {
            Map<Long, String> found = stored.getOrDefault(partition.getKey(), Map.of());
            partition.getValue().forEach((offset, value) -> assertThat(found.get(offset))
                    .as("acknowledged record at %s offset %d", partition.getKey(), offset).isEqualTo(value));
        }
    }
}
