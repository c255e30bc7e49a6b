package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.spi.wal.WalRecord;
import io.chronik.testkit.wal.MemoryWal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The broker driven frame by frame (pipelining, exact versions, broken input) with the kafka-clients codec. */
@Timeout(30)
class KafkaProtocolIT {

    private static final short PRODUCE_V = ApiKeys.PRODUCE.latestVersion();
    private static final short FETCH_V = ApiKeys.FETCH.latestVersion();
    private static final short METADATA_V = ApiKeys.METADATA.latestVersion();

    private RunningBroker broker = RunningBroker.start();

    @AfterEach
    void stop() {
        broker.close();
    }

    private Uuid createTopic(String name) throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).topicId(name).get();
        }
    }

    private static MemoryRecords batch(Compression compression, int records) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(64 * 1024), RecordBatch.MAGIC_VALUE_V2,
                compression, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < records; i++) {
            builder.append(1_000L + i, ("k" + i).getBytes(), ("v" + i).getBytes(),
                    new RecordHeader[] {new RecordHeader("h", new byte[] {(byte) i})});
        }
        return builder.build();
    }

    private static ProduceRequestData produce(Uuid topicId, short acks, MemoryRecords records) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setTopicId(topicId).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))));
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(10_000).setTopicData(topics);
    }

    private static FetchRequestData fetch(Uuid topicId, long offset, int maxWaitMs) {
        return new FetchRequestData().setMaxWaitMs(maxWaitMs).setMinBytes(1).setMaxBytes(1 << 20).setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopicId(topicId).setPartitions(List.of(
                        new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(offset)
                                .setPartitionMaxBytes(1 << 20)))));
    }

    private static ProduceResponseData.PartitionProduceResponse partitionOf(ApiMessage response) {
        return ((ProduceResponseData) response).responses().iterator().next().partitionResponses().get(0);
    }

    private static FetchResponseData.PartitionData partitionOfFetch(ApiMessage response) {
        return ((FetchResponseData) response).responses().get(0).partitions().get(0);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** The batch without baseOffset (0-7), batchLength (8-11) and partitionLeaderEpoch (12-15). */
    private static byte[] brokerIndependentPart(byte[] batch) {
        return Arrays.copyOfRange(batch, 16, batch.length);
    }

    @Test
    void apiVersionsAdvertisesExactlyTheImplementedApis() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            ApiVersionsResponseData response = (ApiVersionsResponseData) client.call(ApiKeys.API_VERSIONS, (short) 4,
                    new ApiVersionsRequestData().setClientSoftwareName("raw-test").setClientSoftwareVersion("1.0"));

            assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(response.apiKeys()).allSatisfy(v -> {
                ApiKeys api = ApiKeys.forId(v.apiKey());
                assertThat(v.minVersion()).isEqualTo(api.oldestVersion());
                assertThat(v.maxVersion()).isEqualTo(api.latestVersion());
            });
            assertThat(response.apiKeys()).extracting(v -> ApiKeys.forId(v.apiKey())).containsExactlyInAnyOrder(
                    ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS, ApiKeys.METADATA, ApiKeys.API_VERSIONS,
                    ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS, ApiKeys.OFFSET_FOR_LEADER_EPOCH,
                    ApiKeys.DESCRIBE_CLUSTER, ApiKeys.INIT_PRODUCER_ID, ApiKeys.DESCRIBE_CONFIGS,
                    ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiKeys.ALTER_CONFIGS, ApiKeys.CREATE_PARTITIONS,
                    ApiKeys.DELETE_RECORDS, ApiKeys.DESCRIBE_LOG_DIRS, ApiKeys.ALTER_PARTITION_REASSIGNMENTS,
                    ApiKeys.LIST_PARTITION_REASSIGNMENTS,
                    ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP,
                    ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP, ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH,
                    ApiKeys.LIST_GROUPS, ApiKeys.DESCRIBE_GROUPS, ApiKeys.DELETE_GROUPS, ApiKeys.OFFSET_DELETE);
        }
    }

    @Test
    void apiVersionsFromTheFutureGetsTheVersionZeroFallback() throws Exception {
        short future = (short) (ApiKeys.API_VERSIONS.latestVersion() + 3);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.API_VERSIONS.id)
                .setRequestApiVersion(future).setCorrelationId(42).setClientId("from-the-future");
        ApiVersionsRequestData body = new ApiVersionsRequestData().setClientSoftwareName("x")
                .setClientSoftwareVersion("9");
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer frame = ByteBuffer.allocate(header.size(cache, (short) 2) + body.size(cache, (short) 3));
        header.write(new ByteBufferAccessor(frame), cache, (short) 2);
        body.write(new ByteBufferAccessor(frame), cache, (short) 3);

        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            client.sendFrame(frame.array());
            RawKafkaClient.Response response = client.receive(ApiKeys.API_VERSIONS, (short) 0);

            assertThat(response.correlationId()).isEqualTo(42);
            ApiVersionsResponseData data = (ApiVersionsResponseData) response.body();
            assertThat(data.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(data.apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion())
                    .isEqualTo(ApiKeys.API_VERSIONS.latestVersion());
        }
    }

    @Test
    void unimplementedApiGetsUnsupportedVersionAndTheConnectionStaysOpen() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            DescribeAclsResponseData response = (DescribeAclsResponseData) client.call(ApiKeys.DESCRIBE_ACLS,
                    ApiKeys.DESCRIBE_ACLS.latestVersion(), new DescribeAclsRequestData().setResourceTypeFilter((byte) 1)
                            .setPatternTypeFilter((byte) 1).setOperation((byte) 1).setPermissionType((byte) 1));
            assertThat(response.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());

            ApiVersionsResponseData next = (ApiVersionsResponseData) client.call(ApiKeys.API_VERSIONS, (short) 0,
                    new ApiVersionsRequestData());
            assertThat(next.errorCode()).isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        Uuid id = createTopic("pipelined");
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            int p1 = client.send(ApiKeys.PRODUCE, PRODUCE_V, produce(id, (short) -1, batch(Compression.NONE, 3)));
            int f1 = client.send(ApiKeys.FETCH, FETCH_V, fetch(id, 0, 0));
            int p2 = client.send(ApiKeys.PRODUCE, PRODUCE_V, produce(id, (short) -1, batch(Compression.NONE, 2)));
            int m = client.send(ApiKeys.METADATA, METADATA_V, new MetadataRequestData().setTopics(null));
            int l = client.send(ApiKeys.LIST_OFFSETS, ApiKeys.LIST_OFFSETS.latestVersion(), new ListOffsetsRequestData()
                    .setReplicaId(-1).setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName("pipelined")
                            .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                    .setPartitionIndex(0).setTimestamp(-1))))));

            RawKafkaClient.Response produced1 = client.receive(ApiKeys.PRODUCE, PRODUCE_V);
            RawKafkaClient.Response fetched = client.receive(ApiKeys.FETCH, FETCH_V);
            RawKafkaClient.Response produced2 = client.receive(ApiKeys.PRODUCE, PRODUCE_V);
            RawKafkaClient.Response metadata = client.receive(ApiKeys.METADATA, METADATA_V);
            RawKafkaClient.Response offsets = client.receive(ApiKeys.LIST_OFFSETS, ApiKeys.LIST_OFFSETS.latestVersion());

            assertThat(List.of(produced1.correlationId(), fetched.correlationId(), produced2.correlationId(),
                    metadata.correlationId(), offsets.correlationId())).containsExactly(p1, f1, p2, m, l);
            assertThat(partitionOf(produced1.body()).baseOffset()).isZero();
            assertThat(partitionOf(produced2.body()).baseOffset()).isEqualTo(3);
            assertThat(partitionOfFetch(fetched.body()).highWatermark()).isGreaterThanOrEqualTo(3);
            assertThat(((MetadataResponseData) metadata.body()).topics().find("pipelined")).isNotNull();
            assertThat(((ListOffsetsResponseData) offsets.body()).topics().get(0).partitions().get(0).offset())
                    .isEqualTo(5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void storesAndFetchesTheProducedBatchByteForByte(String codec) throws Exception {
        Uuid id = createTopic("exact");
        Compression compression = Compression.of(codec).build();
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            client.call(ApiKeys.PRODUCE, PRODUCE_V, produce(id, (short) -1, batch(compression, 4)));
            MemoryRecords sent = batch(compression, 25);
            byte[] sentBytes = bytes(sent.buffer());

            assertThat(partitionOf(client.call(ApiKeys.PRODUCE, PRODUCE_V, produce(id, (short) -1, sent)))
                    .baseOffset()).isEqualTo(4);
            FetchResponseData.PartitionData fetched = partitionOfFetch(client.call(ApiKeys.FETCH, FETCH_V,
                    fetch(id, 4, 0)));

            byte[] fetchedBytes = bytes(((MemoryRecords) fetched.records()).buffer());
            List<WalRecord> stored = new MemoryWal(broker.storage, 1 << 20).open("exact-0").read(4, 1 << 20);
            byte[] storedBytes = bytes(stored.get(0).data());
            assertThat(fetchedBytes).isEqualTo(storedBytes);
            assertThat(brokerIndependentPart(storedBytes)).isEqualTo(brokerIndependentPart(sentBytes));
            RecordBatch storedBatch = MemoryRecords.readableRecords(ByteBuffer.wrap(storedBytes)).batches().iterator()
                    .next();
            storedBatch.ensureValid();
            assertThat(storedBatch.baseOffset()).isEqualTo(4);
            assertThat(storedBatch.compressionType().name).isEqualTo(codec);
        }
    }

    @Test
    void fetchReturnsAtLeastTheFirstBatchButRespectsMaxBytesAfterIt() throws Exception {
        Uuid id;
        try (Admin admin = broker.admin()) {
            id = admin.createTopics(List.of(new NewTopic("bounded", 2, (short) 1))).topicId("bounded").get();
        }
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            for (int p = 0; p < 2; p++) {
                ProduceRequestData request = produce(id, (short) -1, batch(Compression.NONE, 10));
                request.topicData().iterator().next().partitionData().get(0).setIndex(p);
                client.call(ApiKeys.PRODUCE, PRODUCE_V, request);
            }
            FetchRequestData request = new FetchRequestData().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1)
                    .setSessionEpoch(-1).setTopics(List.of(new FetchRequestData.FetchTopic().setTopicId(id)
                            .setPartitions(List.of(
                                    new FetchRequestData.FetchPartition().setPartition(0).setPartitionMaxBytes(1),
                                    new FetchRequestData.FetchPartition().setPartition(1).setPartitionMaxBytes(1)))));

            List<FetchResponseData.PartitionData> partitions = ((FetchResponseData) client.call(ApiKeys.FETCH, FETCH_V,
                    request)).responses().get(0).partitions();

            assertThat(((MemoryRecords) partitions.get(0).records()).records()).hasSize(10);
            assertThat(((MemoryRecords) partitions.get(1).records()).sizeInBytes()).isZero();
            assertThat(partitions).extracting(FetchResponseData.PartitionData::highWatermark).containsExactly(10L, 10L);
        }
    }

    @Test
    void offsetForLeaderEpochAnswersTheLogEndForTheCurrentEpoch() throws Exception {
        createTopic("epochs");
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            client.call(ApiKeys.PRODUCE, (short) 12, new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000)
                    .setTopicData(namedTopic("epochs", batch(Compression.NONE, 6))));
            OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics =
                    new OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
            topics.add(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("epochs").setPartitions(List.of(
                    new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                            .setCurrentLeaderEpoch(0).setLeaderEpoch(0),
                    new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                            .setCurrentLeaderEpoch(0).setLeaderEpoch(5),
                    new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0)
                            .setCurrentLeaderEpoch(3).setLeaderEpoch(0),
                    new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(9)
                            .setCurrentLeaderEpoch(0).setLeaderEpoch(0))));

            List<OffsetForLeaderEpochResponseData.EpochEndOffset> answers = ((OffsetForLeaderEpochResponseData)
                    client.call(ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.OFFSET_FOR_LEADER_EPOCH.latestVersion(),
                            new OffsetForLeaderEpochRequestData().setReplicaId(-1).setTopics(topics)))
                    .topics().find("epochs").partitions();

            assertThat(answers.get(0).endOffset()).isEqualTo(6);
            assertThat(answers.get(0).leaderEpoch()).isZero();
            assertThat(answers.get(1).endOffset()).isEqualTo(-1);
            assertThat(answers.get(2).errorCode()).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH.code());
            assertThat(answers.get(3).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
    }

    private static ProduceRequestData.TopicProduceDataCollection namedTopic(String name, MemoryRecords records) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(name).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))));
        return topics;
    }

    @Test
    void produceWithAcksZeroIsNotAnswered() throws Exception {
        Uuid id = createTopic("fire-and-forget");
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            client.send(ApiKeys.PRODUCE, PRODUCE_V, produce(id, (short) 0, batch(Compression.NONE, 1)));
            int metadata = client.send(ApiKeys.METADATA, METADATA_V, new MetadataRequestData().setTopics(null));

            assertThat(client.receive(ApiKeys.METADATA, METADATA_V).correlationId()).isEqualTo(metadata);
            assertThat(partitionOfFetch(client.call(ApiKeys.FETCH, FETCH_V, fetch(id, 0, 0))).highWatermark())
                    .isEqualTo(1);
        }
    }

    @Test
    void refusesBadBatchesWithKafkasErrors() throws Exception {
        Uuid id = createTopic("strict");
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            MemoryRecords corrupt = batch(Compression.NONE, 2);
            ByteBuffer buffer = corrupt.buffer();
            buffer.put(buffer.limit() - 1, (byte) (buffer.get(buffer.limit() - 1) ^ 0x5a));
            MemoryRecords oldMagic = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE,
                    new org.apache.kafka.common.record.internal.SimpleRecord("x".getBytes()));
            MemoryRecordsBuilder huge = MemoryRecords.builder(ByteBuffer.allocate(1200 * 1024), Compression.NONE,
                    TimestampType.CREATE_TIME, 0L);
            huge.append(0L, null, new byte[1100 * 1024]);

            assertThat(partitionOf(client.call(ApiKeys.PRODUCE, PRODUCE_V, produce(id, (short) -1, corrupt)))
                    .errorCode()).isEqualTo(Errors.CORRUPT_MESSAGE.code());
            MemoryRecords badLength = batch(Compression.NONE, 2);
            badLength.buffer().putInt(8, 3);
            assertThat(partitionOf(client.call(ApiKeys.PRODUCE, PRODUCE_V, produce(id, (short) -1, badLength)))
                    .errorCode()).isEqualTo(Errors.CORRUPT_MESSAGE.code());
            assertThat(partitionOf(client.call(ApiKeys.PRODUCE, PRODUCE_V, produce(id, (short) -1, oldMagic)))
                    .errorCode()).isEqualTo(Errors.INVALID_RECORD.code());
            assertThat(partitionOf(client.call(ApiKeys.PRODUCE, PRODUCE_V, produce(id, (short) -1, huge.build())))
                    .errorCode()).isEqualTo(Errors.MESSAGE_TOO_LARGE.code());
            assertThat(partitionOf(client.call(ApiKeys.PRODUCE, PRODUCE_V,
                    produce(Uuid.randomUuid(), (short) -1, batch(Compression.NONE, 1)))).errorCode())
                    .isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
            assertThat(partitionOfFetch(client.call(ApiKeys.FETCH, FETCH_V, fetch(id, 0, 0))).highWatermark())
                    .isZero();
            assertThat(partitionOfFetch(client.call(ApiKeys.FETCH, FETCH_V, fetch(id, 10, 0))).errorCode())
                    .isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
        }
    }

    @Test
    void metadataAutoCreatesOnlyLegalNamesWhenAllowed() throws Exception {
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            MetadataResponseData response = (MetadataResponseData) client.call(ApiKeys.METADATA, METADATA_V,
                    new MetadataRequestData().setAllowAutoTopicCreation(true).setTopics(List.of(
                            new MetadataRequestData.MetadataRequestTopic().setName("fresh"),
                            new MetadataRequestData.MetadataRequestTopic().setName("no way"))));
            MetadataResponseData notAllowed = (MetadataResponseData) client.call(ApiKeys.METADATA, METADATA_V,
                    new MetadataRequestData().setAllowAutoTopicCreation(false).setTopics(List.of(
                            new MetadataRequestData.MetadataRequestTopic().setName("other"))));

            assertThat(response.topics().find("fresh").errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(response.topics().find("fresh").partitions()).hasSize(1);
            assertThat(response.topics().find("no way").errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
            assertThat(notAllowed.topics().find("other").errorCode())
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(response.brokers().find(1).port()).isEqualTo(broker.broker.port());
            assertThat(response.clusterId()).isEqualTo(RunningBroker.CLUSTER_ID);
        }
    }

    @Test
    void brokerWithAutoCreationDisabledCreatesNothing() throws Exception {
        broker.close();
        broker = new RunningBroker(new MemoryWal.Storage(), s -> s.withAutoCreateTopics(false));
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port())) {
            MetadataResponseData response = (MetadataResponseData) client.call(ApiKeys.METADATA, METADATA_V,
                    new MetadataRequestData().setAllowAutoTopicCreation(true).setTopics(List.of(
                            new MetadataRequestData.MetadataRequestTopic().setName("wished-for"))));

            assertThat(response.topics().find("wished-for").errorCode())
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(((MetadataResponseData) client.call(ApiKeys.METADATA, METADATA_V,
                    new MetadataRequestData().setTopics(null))).topics())
                    .allSatisfy(t -> assertThat(t.isInternal()).as(t.name()).isTrue());
        }
    }

    @Test
    void longPollReturnsAsSoonAsDataArrives() throws Exception {
        Uuid id = createTopic("long-poll");
        try (RawKafkaClient client = new RawKafkaClient(broker.broker.port());
             KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of())) {
            client.send(ApiKeys.FETCH, FETCH_V, fetch(id, 0, 60_000));
            producer.send(new ProducerRecord<>("long-poll", "wake up".getBytes())).get();

            // The test's 30 s timeout is half the fetch's max wait: only the append can have ended the wait.
            FetchResponseData.PartitionData fetched = partitionOfFetch(client.receive(ApiKeys.FETCH, FETCH_V).body());
            assertThat(fetched.highWatermark()).isEqualTo(1);
            assertThat(((MemoryRecords) fetched.records()).records().iterator().next().value())
                    .isEqualTo(ByteBuffer.wrap("wake up".getBytes()));
        }
    }

    @Test
    void oversizedRequestClosesOnlyThatConnection() throws Exception {
        broker.close();
        broker = new RunningBroker(new MemoryWal.Storage(), s -> s.withMaxRequestBytes(64 * 1024));
        try (RawKafkaClient bystander = new RawKafkaClient(broker.broker.port());
             RawKafkaClient offender = new RawKafkaClient(broker.broker.port())) {
            offender.sendFrame(new byte[64 * 1024 + 1]);

            assertThat(offender.closedByServer()).isTrue();
            assertThat(((ApiVersionsResponseData) bystander.call(ApiKeys.API_VERSIONS, (short) 3,
                    new ApiVersionsRequestData().setClientSoftwareName("b").setClientSoftwareVersion("1")))
                    .errorCode()).isEqualTo(Errors.NONE.code());
            createTopic("still-serving");
        }
    }

    @Test
    void garbageFrameClosesOnlyThatConnection() throws Exception {
        try (RawKafkaClient bystander = new RawKafkaClient(broker.broker.port());
             RawKafkaClient offender = new RawKafkaClient(broker.broker.port())) {
            byte[] garbage = "\u007f\u007fthis is not a kafka request at all".getBytes();
            offender.sendFrame(garbage);

            assertThat(offender.closedByServer()).isTrue();
            assertThat(((ApiVersionsResponseData) bystander.call(ApiKeys.API_VERSIONS, (short) 0,
                    new ApiVersionsRequestData())).errorCode()).isEqualTo(Errors.NONE.code());
        }
        try (RawKafkaClient truncated = new RawKafkaClient(broker.broker.port())) {
            // A valid Produce header followed by a body cut short.
            truncated.sendFrame(new byte[] {0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0});
            assertThat(truncated.closedByServer()).isTrue();
        }
    }
}
