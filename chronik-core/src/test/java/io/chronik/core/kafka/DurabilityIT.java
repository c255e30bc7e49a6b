package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.Time;
import io.chronik.spi.wal.WalException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.SocketTimeoutException;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Produce is answered only after the WAL made the batch durable, and consumers see only durable data. */
@Timeout(30)
class DurabilityIT {

    private final GatedWal wal = new GatedWal();
    private KafkaBroker broker;
    private RawKafkaClient client;
    private Uuid topicId;

    @BeforeEach
    void start() throws Exception {
        broker = new KafkaBroker(BrokerSettings.singleNode(1, "durability", "127.0.0.1", 0), wal, Time.SYSTEM,
                new SimpleMeterRegistry());
        broker.start();
        client = new RawKafkaClient(broker.port());
        CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
        topics.add(new CreateTopicsRequestData.CreatableTopic().setName("t").setNumPartitions(1)
                .setReplicationFactor((short) 1));
        topicId = ((CreateTopicsResponseData) client.call(ApiKeys.CREATE_TOPICS, ApiKeys.CREATE_TOPICS.latestVersion(),
                new CreateTopicsRequestData().setTopics(topics))).topics().find("t").topicId();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        broker.close();
        wal.close();
    }

    private ProduceRequestData produce(short acks) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setTopicId(topicId).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(
                        MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("r".getBytes()))))));
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(5000).setTopicData(topics);
    }

    private long highWatermark() throws Exception {
        try (RawKafkaClient other = new RawKafkaClient(broker.port())) {
            FetchResponseData response = (FetchResponseData) other.call(ApiKeys.FETCH, ApiKeys.FETCH.latestVersion(),
                    new FetchRequestData().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20).setTopics(List.of(
                            new FetchRequestData.FetchTopic().setTopicId(topicId).setPartitions(List.of(
                                    new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                                            .setPartitionMaxBytes(1 << 20))))));
            return response.responses().get(0).partitions().get(0).highWatermark();
        }
    }

    @Test
    void acksAllAndAcksOneAreAnsweredOnlyAfterTheWalFutureCompletes() throws Exception {
        client.send(ApiKeys.PRODUCE, ApiKeys.PRODUCE.latestVersion(), produce((short) -1));
        client.send(ApiKeys.PRODUCE, ApiKeys.PRODUCE.latestVersion(), produce((short) 1));

        java.net.Socket socket = client.socket();
        socket.setSoTimeout(500);
        assertThatThrownBy(() -> client.receive(ApiKeys.PRODUCE, ApiKeys.PRODUCE.latestVersion()))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(highWatermark()).isZero();

        wal.gate.complete(null);
        socket.setSoTimeout(10_000);

        ProduceResponseData first = (ProduceResponseData) client.receive(ApiKeys.PRODUCE,
                ApiKeys.PRODUCE.latestVersion()).body();
        ProduceResponseData second = (ProduceResponseData) client.receive(ApiKeys.PRODUCE,
                ApiKeys.PRODUCE.latestVersion()).body();
        assertThat(first.responses().iterator().next().partitionResponses().get(0).baseOffset()).isZero();
        assertThat(second.responses().iterator().next().partitionResponses().get(0).baseOffset()).isEqualTo(1);
        assertThat(highWatermark()).isEqualTo(2);
    }

    @Test
    void aFailedWalAppendIsReportedAsAStorageError() throws Exception {
        wal.gate.completeExceptionally(new WalException("disk on fire"));

        ProduceResponseData response = (ProduceResponseData) client.call(ApiKeys.PRODUCE,
                ApiKeys.PRODUCE.latestVersion(), produce((short) -1));

        assertThat(response.responses().iterator().next().partitionResponses().get(0).errorCode())
                .isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        assertThat(highWatermark()).isZero();
    }
}
