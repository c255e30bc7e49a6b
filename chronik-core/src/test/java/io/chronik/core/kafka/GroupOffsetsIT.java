package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.core.group.OffsetsTopic;
import io.chronik.testkit.wal.MemoryWal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Committed offsets survive a broker restart; {@code __consumer_offsets} is internal. */
@Timeout(120)
class GroupOffsetsIT {

    private RunningBroker broker = GroupTesting.start(new MemoryWal.Storage());

    @AfterEach
    void stop() {
        broker.close();
    }

    /** A record's identity. */
    private record Position(int partition, long offset) {
    }

    @Test
    void aNewConsumerResumesFromTheCommittedOffsetAfterARestart() throws Exception {
        GroupTesting.createTopic(broker, "resume", 2);
        GroupTesting.produce(broker, "resume", "first", 100);
        Set<Position> processed = new HashSet<>();
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = GroupTesting.member(broker, "resumers", Map.of())) {
            consumer.subscribe(List.of("resume"));
            while (processed.size() < 40) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (processed.size() < 40) {
                        processed.add(new Position(r.partition(), r.offset()));
                        committed.put(new TopicPartition(r.topic(), r.partition()),
                                new OffsetAndMetadata(r.offset() + 1, "after " + r.offset()));
                    }
                }
            }
            consumer.commitSync(committed);
        }

        broker.close();
        broker = GroupTesting.start(broker.storage);
        GroupTesting.produce(broker, "resume", "second", 20);

        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> stored = admin.listConsumerGroupOffsets("resumers")
                    .partitionsToOffsetAndMetadata().get();
            assertThat(stored).isEqualTo(committed);
        }
        Set<Position> resumed = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = GroupTesting.member(broker, "resumers", Map.of())) {
            consumer.subscribe(List.of("resume"));
            while (resumed.size() < 80) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(resumed.add(new Position(r.partition(), r.offset()))).isTrue();
                }
            }
            assertThat(consumer.poll(Duration.ofMillis(300))).isEmpty();
        }
        assertThat(resumed).doesNotContainAnyElementsOf(processed);
        for (Position p : resumed) {
            OffsetAndMetadata start = committed.get(new TopicPartition("resume", p.partition()));
            assertThat(p.offset()).isGreaterThanOrEqualTo(start == null ? 0 : start.offset());
        }
    }

    @Test
    void theOffsetsTopicIsInternalAndProtected() throws Exception {
        try (Admin admin = broker.admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain(OffsetsTopic.NAME);
            Map<String, TopicListing> all = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .namesToListings().get();
            assertThat(all).containsKey(OffsetsTopic.NAME);
            assertThat(all.get(OffsetsTopic.NAME).isInternal()).isTrue();
            assertThat(admin.describeTopics(List.of(OffsetsTopic.NAME)).allTopicNames().get()
                    .get(OffsetsTopic.NAME).partitions()).hasSize(GroupTesting.FAST_GROUPS.offsetsTopicPartitions());
            assertThatThrownBy(() -> admin.deleteTopics(List.of(OffsetsTopic.NAME)).all().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidTopicException.class);
        }
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(OffsetsTopic.NAME, "x".getBytes())).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidTopicException.class);
        }
    }
}
