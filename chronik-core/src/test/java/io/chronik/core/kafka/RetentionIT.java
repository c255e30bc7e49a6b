package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.spi.PluginProperties;
import io.chronik.spi.Time;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.testkit.TestPluginContext;
import io.chronik.testkit.wal.MemoryWal;
import io.chronik.wal.disruptor.DisruptorWalProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background retention by {@code retention.ms} and {@code retention.bytes}: over the memory WAL
 * (which frees single batches) and over the real segmented WAL (which frees whole 1 MiB segments).
 */
@Timeout(90)
class RetentionIT {

    private static final long CHECK_INTERVAL_MS = 100;
    private static final long OLD = 1_000_000L;

    private static BrokerSettings settings(BrokerSettings base) {
        return base.withLogDefaults(LogDefaults.KAFKA.withRetention(-1, -1, CHECK_INTERVAL_MS));
    }

    /** Sends each record as its own batch (flush after each), with the given timestamp. */
    private static void produce(KafkaProducer<byte[], byte[]> producer, String topic, int count, long timestamp,
                                int valueBytes) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, 0, timestamp, null, new byte[valueBytes]));
            producer.flush();
        }
    }

    private static long earliest(Admin admin, TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset();
    }

    @Test
    void timeRetentionDeletesExpiredBatchesButKeepsRecentOnes() throws Exception {
        try (RunningBroker broker = new RunningBroker(new MemoryWal.Storage(), RetentionIT::settings);
             Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("aging", 1, (short) 1)
                    .configs(Map.of("retention.ms", "600000")))).all().get();
            TopicPartition tp = new TopicPartition("aging", 0);
            try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of())) {
                produce(producer, "aging", 5, OLD, 10);
                produce(producer, "aging", 3, System.currentTimeMillis(), 10);
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> earliest(admin, tp) == 5);
            assertThat(consume(broker.consumer(Map.of()), tp, 3)).extracting(ConsumerRecord::offset)
                    .containsExactly(5L, 6L, 7L);
        }
    }

    @Test
    void committedOffsetsAreNeverDeletedByAge() throws Exception {
        MemoryWal.Storage storage = new MemoryWal.Storage();
        UnaryOperator<BrokerSettings> expireEverything =
                base -> base.withLogDefaults(LogDefaults.KAFKA.withRetention(1, -1, CHECK_INTERVAL_MS));
        TopicPartition first = new TopicPartition("events", 0);
        TopicPartition second = new TopicPartition("events", 1);
        try (RunningBroker broker = new RunningBroker(storage, expireEverything); Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("events", 2, (short) 1))).all().get();
            admin.alterConsumerGroupOffsets("old-group", Map.of(first, new OffsetAndMetadata(7))).all().get();
            admin.alterConsumerGroupOffsets("old-group", Map.of(second, new OffsetAndMetadata(9))).all().get();
            // With retention.ms=1 every batch but a partition's newest is expired; once retention has trimmed a
            // topic written after the commits, it has passed over __consumer_offsets too.
            try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of())) {
                produce(producer, "events", 2, System.currentTimeMillis(), 10);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> earliest(admin, first) == 1);
        }
        try (RunningBroker restarted = new RunningBroker(storage, expireEverything); Admin admin = restarted.admin()) {
            assertThat(admin.listConsumerGroupOffsets("old-group").partitionsToOffsetAndMetadata().get())
                    .containsEntry(first, new OffsetAndMetadata(7)).containsEntry(second, new OffsetAndMetadata(9));
        }
    }

    @Test
    void sizeRetentionKeepsThePartitionNearItsLimit() throws Exception {
        try (RunningBroker broker = new RunningBroker(new MemoryWal.Storage(), RetentionIT::settings);
             Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("bounded", 1, (short) 1)
                    .configs(Map.of("retention.bytes", "2000")))).all().get();
            TopicPartition tp = new TopicPartition("bounded", 0);
            try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of())) {
                produce(producer, "bounded", 40, System.currentTimeMillis(), 100);
            }

            // Each batch is 100 value bytes plus ~80 bytes of framing: about 11 fit in 2000 bytes.
            await().atMost(Duration.ofSeconds(20)).until(() -> earliest(admin, tp) >= 25);
            long start = earliest(admin, tp);
            assertThat(start).isBetween(25L, 35L);
            assertThat(consume(broker.consumer(Map.of()), tp, (int) (40 - start))).first()
                    .extracting(ConsumerRecord::offset).isEqualTo(start);
        }
    }

    @Test
    void realWalFreesWholeSegmentsAndTheLogStartFollows(@TempDir Path dir) throws Exception {
        WalConfig config = new WalConfig(dir, new FlushPolicy.Batch(), WalConfig.MIN_SEGMENT_BYTES, 256 * 1024,
                new PluginProperties("wal.disruptor.", Map.of()));
        try (Wal wal = new DisruptorWalProvider().create(config, new TestPluginContext());
             KafkaBroker broker = new KafkaBroker(settings(BrokerSettings.singleNode(1, "retention", "127.0.0.1", 0)),
                     wal, Time.SYSTEM, new SimpleMeterRegistry())) {
            broker.start();
            String bootstrap = "127.0.0.1:" + broker.port();
            try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("segmented", 1, (short) 1)
                        .configs(Map.of("retention.ms", "600000")))).all().get();
                TopicPartition tp = new TopicPartition("segmented", 0);
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap, "acks", "all"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    // About 3.5 MiB of expired batches (over three 1 MiB segments), then fresh ones.
                    produce(producer, "segmented", 35, OLD, 100 * 1024);
                    produce(producer, "segmented", 3, System.currentTimeMillis(), 100 * 1024);
                }

                await().atMost(Duration.ofSeconds(30)).until(() -> earliest(admin, tp) > 0);
                long start = earliest(admin, tp);
                // Whole segments go: the log start is the first batch of a surviving segment, at or
                // before the first fresh batch (offset 35), and about a segment's worth of batches in.
                assertThat(start).isBetween(9L, 35L);
                assertThat(wal.open("segmented-0").firstOffset()).hasValue(start);
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(KafkaConsumer<byte[], byte[]> consumer,
                                                               TopicPartition tp, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (consumer) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
