package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.core.network.MalformedRequestException;
import io.chronik.core.network.RequestDispatcher;
import io.chronik.core.network.ResponseFrame;
import io.chronik.testkit.wal.MemoryWal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Idempotent producers: the default Java producer end to end, retries after lost responses stored
 * once, and the epoch/sequence rules with hand-built batches over a raw connection.
 */
@Timeout(90)
class IdempotentProducerIT {

    private static final short PRODUCE_V = ApiKeys.PRODUCE.latestVersion();
    private static final short INIT_V = ApiKeys.INIT_PRODUCER_ID.latestVersion();

    private final MemoryWal.Storage storage = new MemoryWal.Storage();
    private RunningBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Uuid createTopic(String name) throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).topicId(name).get();
        }
    }

    /**
     * Closes the connection instead of answering the first {@code drops} produce requests, after the
     * broker appended their batches: the client sees a network error and retries the same batches.
     */
    private static UnaryOperator<RequestDispatcher> dropProduceResponses(int drops, AtomicInteger dropped) {
        return delegate -> (connection, frame) -> {
            boolean produce = frame.getShort(0) == ApiKeys.PRODUCE.id;
            CompletableFuture<Optional<ResponseFrame>> response = delegate.dispatch(connection, frame);
            if (!produce || dropped.get() >= drops) {
                return response;
            }
            return response.thenCompose(answered -> dropped.getAndIncrement() < drops
                    ? CompletableFuture.failedFuture(new MalformedRequestException("test seam: response dropped"))
                    : CompletableFuture.completedFuture(answered));
        };
    }

    private List<String> consumeValues(String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
            assertThat(consumer.endOffsets(List.of(tp))).containsEntry(tp, (long) expected);
        }
        return values;
    }

    private static List<String> numbered(int count) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add("value-" + i);
        }
        return values;
    }

    private List<RecordMetadata> sendAll(String topic, int count, Map<String, Object> config) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(config)) {
            for (String value : numbered(count)) {
                acks.add(producer.send(new ProducerRecord<>(topic, 0, null, value.getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
        }
        List<RecordMetadata> metadata = new ArrayList<>();
        for (Future<RecordMetadata> ack : acks) {
            metadata.add(ack.get());
        }
        return metadata;
    }

    @Test
    void defaultProducerIsIdempotentEndToEnd() throws Exception {
        broker = new RunningBroker(storage, s -> s);
        createTopic("idempotent");

        List<RecordMetadata> acks = sendAll("idempotent", 300, Map.of(ProducerConfig.LINGER_MS_CONFIG, 2));

        assertThat(acks).extracting(RecordMetadata::offset).containsExactlyElementsOf(
                numbered(300).stream().map(v -> Long.parseLong(v.substring(6))).toList());
        assertThat(consumeValues("idempotent", 300)).containsExactlyElementsOf(numbered(300));
    }

    @Test
    void retriesAfterLostResponsesAreStoredOnce() throws Exception {
        AtomicInteger dropped = new AtomicInteger();
        broker = new RunningBroker(storage, s -> s, dropProduceResponses(3, dropped));
        createTopic("retried");

        List<RecordMetadata> acks = sendAll("retried", 500, Map.of(
                ProducerConfig.BATCH_SIZE_CONFIG, 512,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20));

        assertThat(dropped).hasValue(3);
        assertThat(acks).extracting(RecordMetadata::offset).doesNotHaveDuplicates();
        assertThat(consumeValues("retried", 500)).containsExactlyElementsOf(numbered(500));
    }

    @Test
    void retryAfterRestartIsStillDeduplicated() throws Exception {
        broker = new RunningBroker(storage, s -> s);
        Uuid id = createTopic("restarted");
        long producerId;
        MemoryRecords first;
        MemoryRecords second;
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            producerId = initProducerId(client).producerId();
            first = idempotent(producerId, (short) 0, 0, 3);
            second = idempotent(producerId, (short) 0, 3, 2);
            assertThat(produce(client, id, first).baseOffset()).isZero();
            assertThat(produce(client, id, second).baseOffset()).isEqualTo(3);
        }
        broker.close();
        broker = new RunningBroker(storage, s -> s);

        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            ProduceResponseData.PartitionProduceResponse retriedFirst = produce(client, id, first);
            ProduceResponseData.PartitionProduceResponse retriedSecond = produce(client, id, second);
            ProduceResponseData.PartitionProduceResponse next = produce(client, id,
                    idempotent(producerId, (short) 0, 5, 1));

            assertThat(retriedFirst.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(retriedFirst.baseOffset()).isZero();
            assertThat(retriedSecond.baseOffset()).isEqualTo(3);
            assertThat(next.baseOffset()).isEqualTo(5);
            assertThat(initProducerId(client).producerId()).as("ids are unique across restarts")
                    .isNotEqualTo(producerId);
        }
        assertThat(consumeValues("restarted", 6)).hasSize(6);
    }

    @Test
    void outOfOrderSequencesAndStaleEpochsAreRefused() throws Exception {
        broker = new RunningBroker(storage, s -> s);
        Uuid id = createTopic("strict");
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            long pid = initProducerId(client).producerId();
            assertThat(produce(client, id, idempotent(pid, (short) 1, 0, 2)).errorCode()).isZero();

            ProduceResponseData.PartitionProduceResponse gap = produce(client, id, idempotent(pid, (short) 1, 5, 1));
            ProduceResponseData.PartitionProduceResponse stale = produce(client, id, idempotent(pid, (short) 0, 2, 1));
            ProduceResponseData.PartitionProduceResponse newEpochMidStream =
                    produce(client, id, idempotent(pid, (short) 2, 7, 1));
            ProduceResponseData.PartitionProduceResponse inOrder = produce(client, id, idempotent(pid, (short) 1, 2, 1));
            ProduceResponseData.PartitionProduceResponse bumped = produce(client, id, idempotent(pid, (short) 2, 0, 1));
            ProduceResponseData.PartitionProduceResponse oldEpochAfterBump =
                    produce(client, id, idempotent(pid, (short) 1, 3, 1));

            assertThat(gap.errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
            assertThat(stale.errorCode()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
            assertThat(newEpochMidStream.errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
            assertThat(inOrder.errorCode()).isZero();
            assertThat(inOrder.baseOffset()).isEqualTo(2);
            assertThat(bumped.errorCode()).isZero();
            assertThat(bumped.baseOffset()).isEqualTo(3);
            assertThat(oldEpochAfterBump.errorCode()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        }
        assertThat(consumeValues("strict", 4)).hasSize(4);
    }

    @Test
    void producerIdsAreUniqueAndTransactionsAreRefused() throws Exception {
        broker = new RunningBroker(storage, s -> s);
        Set<Long> ids = new HashSet<>();
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            for (int i = 0; i < 1500; i++) {
                InitProducerIdResponseData response = initProducerId(client);
                assertThat(response.producerEpoch()).isZero();
                ids.add(response.producerId());
            }
            InitProducerIdResponseData transactional = (InitProducerIdResponseData) client.call(
                    ApiKeys.INIT_PRODUCER_ID, INIT_V, new InitProducerIdRequestData().setTransactionalId("tx")
                            .setTransactionTimeoutMs(60_000).setProducerId(-1).setProducerEpoch((short) -1));
            assertThat(transactional.errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());

            long known = ids.iterator().next();
            InitProducerIdResponseData reinit = (InitProducerIdResponseData) client.call(ApiKeys.INIT_PRODUCER_ID,
                    INIT_V, new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(-1)
                            .setProducerId(known).setProducerEpoch((short) 3));
            assertThat(reinit.errorCode()).isZero();
            assertThat(ids.add(reinit.producerId())).as("a re-init gets a fresh id, as from Kafka").isTrue();
            assertThat(reinit.producerEpoch()).isZero();
            InitProducerIdResponseData half = (InitProducerIdResponseData) client.call(ApiKeys.INIT_PRODUCER_ID,
                    INIT_V, new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(-1)
                            .setProducerId(known).setProducerEpoch((short) -1));
            assertThat(half.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        }
        assertThat(ids).hasSize(1501);
    }

    private static InitProducerIdResponseData initProducerId(RawKafkaClient client) throws IOException {
        InitProducerIdResponseData response = (InitProducerIdResponseData) client.call(ApiKeys.INIT_PRODUCER_ID,
                INIT_V, new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(-1)
                        .setProducerId(-1).setProducerEpoch((short) -1));
        assertThat(response.errorCode()).isZero();
        return response;
    }

    private static MemoryRecords idempotent(long producerId, short epoch, int baseSequence, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(1_000L + i, ("seq-" + (baseSequence + i)).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence, records);
    }

    private static ProduceResponseData.PartitionProduceResponse produce(RawKafkaClient client, Uuid topicId,
                                                                        MemoryRecords records) throws IOException {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setTopicId(topicId).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))));
        ProduceResponseData response = (ProduceResponseData) client.call(ApiKeys.PRODUCE, PRODUCE_V,
                new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000).setTopicData(topics));
        return response.responses().iterator().next().partitionResponses().get(0);
    }
}
