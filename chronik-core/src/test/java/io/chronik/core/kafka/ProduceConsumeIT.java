package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real kafka-clients producer and consumer (no group: {@code assign()}) against the broker. */
@Timeout(90)
class ProduceConsumeIT {

    private RunningBroker broker = RunningBroker.start();

    @AfterEach
    void stop() {
        broker.close();
    }

    /** What was sent, to compare with what comes back. */
    private record Sent(int partition, long offset, long timestamp, String key, String value, String header) {
    }

    private void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    private List<Sent> produce(String topic, int count, Map<String, Object> config) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(config)) {
            for (int i = 0; i < count; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, 1_700_000_000_000L + i,
                        ("key-" + (i % 17)).getBytes(StandardCharsets.UTF_8),
                        ("value-" + i + "-" + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8), headers);
                records.add(record);
                acks.add(producer.send(record));
            }
            producer.flush();
        }
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordMetadata metadata = acks.get(i).get();
            ProducerRecord<byte[], byte[]> record = records.get(i);
            sent.add(new Sent(metadata.partition(), metadata.offset(), record.timestamp(), utf8(record.key()),
                    utf8(record.value()), utf8(record.headers().lastHeader("seq").value())));
        }
        return sent;
    }

    private List<Sent> consume(String topic, int partitions, int expected) {
        List<TopicPartition> assignment = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assignment.add(new TopicPartition(topic, p));
        }
        List<Sent> received = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of())) {
            consumer.assign(assignment);
            consumer.seekToBeginning(assignment);
            while (received.size() < expected) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    received.add(new Sent(r.partition(), r.offset(), r.timestamp(), utf8(r.key()), utf8(r.value()),
                            utf8(r.headers().lastHeader("seq").value())));
                }
            }
        }
        return received;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<Sent> ofPartition(List<Sent> records, int partition) {
        return records.stream().filter(r -> r.partition() == partition).toList();
    }

    @Test
    void tenThousandRecordsComeBackIdenticalAndInOrder() throws Exception {
        createTopic("events", 3);

        List<Sent> sent = produce("events", 10_000, Map.of(ProducerConfig.LINGER_MS_CONFIG, 5));
        List<Sent> received = consume("events", 3, 10_000);

        assertThat(received).hasSize(10_000);
        for (int p = 0; p < 3; p++) {
            List<Sent> sentToP = ofPartition(sent, p);
            assertThat(ofPartition(received, p)).isEqualTo(sentToP);
            assertThat(sentToP).extracting(Sent::offset)
                    .isEqualTo(java.util.stream.LongStream.range(0, sentToP.size()).boxed().toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyCompressionCodecCarriesAHundredThousandRecords(String codec) throws Exception {
        createTopic("compressed", 3);

        List<Sent> sent = produce("compressed", 100_000, Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec,
                ProducerConfig.LINGER_MS_CONFIG, 20));
        List<Sent> received = consume("compressed", 3, 100_000);

        assertThat(received).hasSize(100_000);
        for (int p = 0; p < 3; p++) {
            assertThat(ofPartition(received, p)).as("partition %d in order with keys, headers, timestamps", p)
                    .isEqualTo(ofPartition(sent, p));
        }
    }

    @Test
    void recordsSurviveARestart() throws Exception {
        createTopic("durable", 2);
        List<Sent> sent = produce("durable", 300, Map.of());
        broker.close();

        broker = new RunningBroker(broker.storage, s -> s);
        List<Sent> more = produce("durable", 10, Map.of());

        List<Sent> all = new ArrayList<>(sent);
        all.addAll(more);
        List<Sent> received = consume("durable", 2, 310);
        for (int p = 0; p < 2; p++) {
            assertThat(ofPartition(received, p)).isEqualTo(ofPartition(all, p));
        }
    }

    @Test
    void autoCreatesTopicsOnProduceAndListsOffsets() throws Exception {
        List<Sent> sent = produce("auto-created", 20, Map.of());
        TopicPartition tp = new TopicPartition("auto-created", 0);

        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of())) {
            assertThat(consumer.beginningOffsets(List.of(tp))).containsEntry(tp, 0L);
            assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, 20L);
            Map<TopicPartition, OffsetAndTimestamp> byTime =
                    consumer.offsetsForTimes(Map.of(tp, sent.get(7).timestamp()));
            assertThat(byTime.get(tp).offset()).isEqualTo(7);
            assertThat(byTime.get(tp).timestamp()).isEqualTo(sent.get(7).timestamp());
        }
    }

    @Test
    void concurrentProducersToOnePartitionGetDistinctContiguousOffsets() throws Exception {
        createTopic("contended", 1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<Sent>>> runs = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                runs.add(pool.submit(() -> produce("contended", 1_000, Map.of(ProducerConfig.LINGER_MS_CONFIG, 1))));
            }
            List<Long> offsets = new ArrayList<>();
            for (java.util.concurrent.Future<List<Sent>> run : runs) {
                List<Sent> sent = run.get();
                assertThat(sent).extracting(Sent::offset).isSorted();
                sent.forEach(r -> offsets.add(r.offset()));
            }
            assertThat(offsets).doesNotHaveDuplicates().hasSize(4_000);
            assertThat(java.util.Collections.max(offsets)).isEqualTo(3_999);
            assertThat(consume("contended", 1, 4_000)).extracting(Sent::offset)
                    .isEqualTo(java.util.stream.LongStream.range(0, 4_000).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void producerWithAcksZeroAndOneIsServed() throws Exception {
        createTopic("acks", 1);

        produce("acks", 50, Map.of(ProducerConfig.ACKS_CONFIG, "1"));
        produce("acks", 50, Map.of(ProducerConfig.ACKS_CONFIG, "0"));

        List<Sent> received = consume("acks", 1, 100);
        assertThat(received).extracting(Sent::header).containsExactlyElementsOf(
                java.util.stream.Stream.concat(java.util.stream.IntStream.range(0, 50).boxed(),
                        java.util.stream.IntStream.range(0, 50).boxed()).map(String::valueOf).toList());
    }
}
