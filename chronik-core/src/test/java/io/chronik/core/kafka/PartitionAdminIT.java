package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.testkit.wal.MemoryWal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.DeletedRecords;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CreatePartitions and DeleteRecords through the real AdminClient, producer and consumer. */
@Timeout(60)
class PartitionAdminIT {

    private final MemoryWal.Storage storage = new MemoryWal.Storage();
    private RunningBroker broker;
    private Admin admin;

    @BeforeEach
    void start() {
        broker = new RunningBroker(storage, s -> s);
        admin = broker.admin();
    }

    @AfterEach
    void stop() {
        admin.close();
        broker.close();
    }

    private void restart() {
        admin.close();
        broker.close();
        broker = new RunningBroker(storage, s -> s);
        admin = broker.admin();
    }

    private void produce(String topic, int partition, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
                if (i % 10 == 9) {
                    producer.flush();
                }
            }
            producer.flush();
        }
    }

    private long offset(TopicPartition tp, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(tp, spec)).partitionResult(tp).get().offset();
    }

    @Test
    void describeLogDirsReportsEachPartitionsStoredSize() throws Exception {
        admin.createTopics(List.of(new NewTopic("sized", 2, (short) 1))).all().get();
        produce("sized", 1, 20);

        Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1);
        assertThat(dirs).containsOnlyKeys(DescribeLogDirsHandler.LOG_DIR);
        Map<TopicPartition, ReplicaInfo> replicas = dirs.get(DescribeLogDirsHandler.LOG_DIR).replicaInfos();
        assertThat(replicas.get(new TopicPartition("sized", 0)).size()).isNotNegative();
        assertThat(replicas.get(new TopicPartition("sized", 1)).size())
                .isGreaterThan(replicas.get(new TopicPartition("sized", 0)).size() + 20 * 2);
        assertThat(replicas.get(new TopicPartition("sized", 1)).offsetLag()).isZero();
        assertThat(replicas).containsKey(new TopicPartition("__consumer_offsets", 0));
    }

    @Test
    void createPartitionsGrowsTopicsOnlyAndSurvivesRestart() throws Exception {
        admin.createTopics(List.of(new NewTopic("growing", 2, (short) 1))).all().get();

        admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(5)),
                new CreatePartitionsOptions().validateOnly(true)).all().get();
        assertThat(admin.describeTopics(List.of("growing")).allTopicNames().get().get("growing").partitions())
                .as("validate only").hasSize(2);
        admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(5))).all().get();

        assertThatThrownBy(() -> admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3))).all().get())
                .hasCauseInstanceOf(InvalidPartitionsException.class);
        assertThatThrownBy(() -> admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(5))).all().get())
                .hasCauseInstanceOf(InvalidPartitionsException.class);
        produce("growing", 4, 3);

        restart();
        assertThat(admin.describeTopics(List.of("growing")).allTopicNames().get().get("growing").partitions())
                .hasSize(5);
        assertThat(offset(new TopicPartition("growing", 4), OffsetSpec.latest())).isEqualTo(3);
    }

    @Test
    void deleteRecordsMovesTheLogStartPersistently() throws Exception {
        admin.createTopics(List.of(new NewTopic("trimmed", 1, (short) 1))).all().get();
        TopicPartition tp = new TopicPartition("trimmed", 0);
        produce("trimmed", 0, 50);

        DeletedRecords deleted = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(25)))
                .lowWatermarks().get(tp).get();

        assertThat(deleted.lowWatermark()).isEqualTo(25);
        assertThat(offset(tp, OffsetSpec.earliest())).isEqualTo(25);
        assertThat(consumeFromBeginning(tp)).first().extracting(ConsumerRecord::offset).isEqualTo(25L);
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"))) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, 10);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    consumer.poll(Duration.ofMillis(100));
                }
            }).isInstanceOf(OffsetOutOfRangeException.class);
        }

        restart();
        assertThat(offset(tp, OffsetSpec.earliest())).as("after restart").isEqualTo(25);
        admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(-1))).all().get();
        assertThat(offset(tp, OffsetSpec.earliest())).isEqualTo(50);
        assertThatThrownBy(() -> admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(51))).all().get())
                .hasCauseInstanceOf(org.apache.kafka.common.errors.OffsetOutOfRangeException.class);

        restart();
        assertThat(offset(tp, OffsetSpec.earliest())).isEqualTo(50);
        assertThat(offset(tp, OffsetSpec.latest())).as("the end offset survives an emptied log").isEqualTo(50);
        produce("trimmed", 0, 1);
        assertThat(offset(tp, OffsetSpec.latest())).isEqualTo(51);
    }

    private List<ConsumerRecord<byte[], byte[]>> consumeFromBeginning(TopicPartition tp) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
