package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.core.log.RegionWal;
import io.chronik.testkit.wal.MemoryWal;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetch over a WAL that hands out file regions ({@link RegionWal}): real clients read what they
 * wrote although the records go from the file to the socket by {@code transferTo}, and a region
 * whose file was freed before it was sent closes that connection only.
 */
@Timeout(90)
class ZeroCopyFetchIT {

    @TempDir
    Path dir;

    private RegionWal wal;
    private RunningBroker broker;

    private void start() {
        MemoryWal.Storage storage = new MemoryWal.Storage();
        wal = new RegionWal(storage, dir);
        broker = new RunningBroker(storage, wal, s -> s, UnaryOperator.identity());
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Uuid createTopic(String name, int partitions) throws Exception {
        try (var admin = broker.admin()) {
            return admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).topicId(name).get();
        }
    }

    private void produce(String topic, int count, String compression) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression, ProducerConfig.LINGER_MS_CONFIG, 5))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        (compression + "-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private List<String> consumeAll(String topic, int partitions, int expected) {
        List<TopicPartition> assignment = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assignment.add(new TopicPartition(topic, p));
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4096))) {
            consumer.assign(assignment);
            consumer.seekToBeginning(assignment);
            while (values.size() < expected) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    @Test
    void consumersReadEveryRecordSentFromFileRegions() throws Exception {
        start();
        createTopic("regions", 3);
        produce("regions", 1500, "none");
        produce("regions", 1500, "lz4");

        List<String> values = consumeAll("regions", 3, 3000);

        assertThat(values).hasSize(3000).doesNotHaveDuplicates();
        assertThat(values).filteredOn(v -> v.startsWith("lz4-")).hasSize(1500);
        assertThat(wal.regionsHandedOut()).as("records went out as file regions").isPositive();
    }

    @Test
    void aFetchWhoseRegionWasFreedBeforeItWasSentClosesOnlyItsConnection() throws Exception {
        start();
        Uuid id = createTopic("freed", 1);
        produce("freed", 20, "none");
        try (RawKafkaClient bystander = new RawKafkaClient(broker.broker.port());
             RawKafkaClient reader = new RawKafkaClient(broker.broker.port())) {
            wal.freeAfterNextRead();

            reader.send(ApiKeys.FETCH, ApiKeys.FETCH.latestVersion(), new FetchRequestData().setMaxWaitMs(0)
                    .setMinBytes(1).setMaxBytes(1 << 20).setSessionEpoch(-1)
                    .setTopics(List.of(new FetchRequestData.FetchTopic().setTopicId(id).setPartitions(List.of(
                            new FetchRequestData.FetchPartition().setPartition(0).setPartitionMaxBytes(1 << 20))))));

            InputStream in = reader.socket().getInputStream();
            int size = ByteBuffer.wrap(in.readNBytes(Integer.BYTES)).getInt();
            assertThat(in.readNBytes(size).length).as("the response ends where the freed region starts")
                    .isLessThan(size);
            assertThat(reader.closedByServer()).isTrue();
            MetadataResponseData metadata = (MetadataResponseData) bystander.call(ApiKeys.METADATA,
                    ApiKeys.METADATA.latestVersion(), new MetadataRequestData().setTopics(null));
            assertThat(metadata.topics()).extracting(MetadataResponseData.MetadataResponseTopic::name)
                    .contains("freed");
        }
        assertThat(consumeAll("freed", 1, 20)).hasSize(20);
    }
}
