package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every advertised version of every implemented API, as older clients (kafkajs, librdkafka) send
 * them: named topics before topic ids, non-flexible encodings, fields that do not exist yet. Each
 * must decode, be served and encode its response without error.
 */
@Timeout(60)
class ApiVersionSweepIT {

    private static final String TOPIC = "sweep";
    private static RunningBroker broker;
    private static RawKafkaClient client;
    private static Uuid topicId;

    @BeforeAll
    static void start() throws Exception {
        broker = RunningBroker.start();
        client = new RawKafkaClient(broker.broker.port());
        CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
        topics.add(new CreateTopicsRequestData.CreatableTopic().setName(TOPIC).setNumPartitions(1)
                .setReplicationFactor((short) 1));
        CreateTopicsResponseData created = (CreateTopicsResponseData) client.call(ApiKeys.CREATE_TOPICS,
                ApiKeys.CREATE_TOPICS.latestVersion(), new CreateTopicsRequestData().setTopics(topics));
        topicId = created.topics().find(TOPIC).topicId();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        broker.close();
    }

    private static List<Short> versions(ApiKeys api) {
        return java.util.stream.IntStream.rangeClosed(api.oldestVersion(), api.latestVersion())
                .mapToObj(v -> (short) v).toList();
    }

    @Test
    void everyApiVersionsVersion() throws Exception {
        for (short v : versions(ApiKeys.API_VERSIONS)) {
            ApiVersionsRequestData request = v >= 3
                    ? new ApiVersionsRequestData().setClientSoftwareName("sweep").setClientSoftwareVersion("1")
                    : new ApiVersionsRequestData();
            ApiVersionsResponseData response = (ApiVersionsResponseData) client.call(ApiKeys.API_VERSIONS, v, request);
            assertThat(response.errorCode()).as("v%d", v).isEqualTo(Errors.NONE.code());
            assertThat(response.apiKeys()).as("v%d", v).hasSize(29);
        }
    }

    @Test
    void everyProduceFetchAndListOffsetsVersion() throws Exception {
        long expectedOffset = 0;
        for (short v : versions(ApiKeys.PRODUCE)) {
            ProduceRequestData.TopicProduceData topic = v >= 13
                    ? new ProduceRequestData.TopicProduceData().setTopicId(topicId)
                    : new ProduceRequestData.TopicProduceData().setName(TOPIC);
            topic.setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(
                    MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(("v" + v).getBytes())))));
            ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
            topics.add(topic);
            ProduceResponseData response = (ProduceResponseData) client.call(ApiKeys.PRODUCE, v,
                    new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000).setTopicData(topics));
            ProduceResponseData.PartitionProduceResponse partition =
                    response.responses().iterator().next().partitionResponses().get(0);
            assertThat(partition.errorCode()).as("produce v%d", v).isEqualTo(Errors.NONE.code());
            assertThat(partition.baseOffset()).as("produce v%d", v).isEqualTo(expectedOffset++);
        }
        for (short v : versions(ApiKeys.FETCH)) {
            FetchRequestData.FetchTopic topic = v >= 13
                    ? new FetchRequestData.FetchTopic().setTopicId(topicId)
                    : new FetchRequestData.FetchTopic().setTopic(TOPIC);
            topic.setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(2)
                    .setPartitionMaxBytes(1 << 20)));
            FetchResponseData response = (FetchResponseData) client.call(ApiKeys.FETCH, v, new FetchRequestData()
                    .setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20).setTopics(List.of(topic)));
            FetchResponseData.PartitionData partition = response.responses().get(0).partitions().get(0);
            assertThat(partition.errorCode()).as("fetch v%d", v).isEqualTo(Errors.NONE.code());
            assertThat(partition.highWatermark()).as("fetch v%d", v).isEqualTo(expectedOffset);
            assertThat(((MemoryRecords) partition.records()).records().iterator().next().offset())
                    .as("fetch v%d", v).isEqualTo(2);
        }
        for (short v : versions(ApiKeys.LIST_OFFSETS)) {
            ListOffsetsResponseData response = (ListOffsetsResponseData) client.call(ApiKeys.LIST_OFFSETS, v,
                    new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(
                            new ListOffsetsRequestData.ListOffsetsTopic().setName(TOPIC).setPartitions(List.of(
                                    new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0)
                                            .setTimestamp(-1))))));
            ListOffsetsResponseData.ListOffsetsPartitionResponse partition =
                    response.topics().get(0).partitions().get(0);
            assertThat(partition.errorCode()).as("list offsets v%d", v).isEqualTo(Errors.NONE.code());
            assertThat(partition.offset()).as("list offsets v%d", v).isEqualTo(expectedOffset);
        }
    }

    @Test
    void everyOffsetForLeaderEpochAndDescribeClusterVersion() throws Exception {
        for (short v : versions(ApiKeys.OFFSET_FOR_LEADER_EPOCH)) {
            OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics =
                    new OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
            topics.add(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic(TOPIC).setPartitions(List.of(
                    new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0).setLeaderEpoch(0))));
            OffsetForLeaderEpochResponseData response = (OffsetForLeaderEpochResponseData) client.call(
                    ApiKeys.OFFSET_FOR_LEADER_EPOCH, v, new OffsetForLeaderEpochRequestData().setTopics(topics));
            assertThat(response.topics().find(TOPIC).partitions().get(0).errorCode()).as("epoch v%d", v)
                    .isEqualTo(Errors.NONE.code());
        }
        for (short v : versions(ApiKeys.DESCRIBE_CLUSTER)) {
            DescribeClusterResponseData response = (DescribeClusterResponseData) client.call(ApiKeys.DESCRIBE_CLUSTER,
                    v, new DescribeClusterRequestData());
            assertThat(response.errorCode()).as("describe cluster v%d", v).isEqualTo(Errors.NONE.code());
            assertThat(response.brokers().find(1).port()).as("describe cluster v%d", v)
                    .isEqualTo(broker.broker.port());
        }
    }

    @Test
    void everyPartitionReassignmentVersion() throws Exception {
        for (short v : versions(ApiKeys.ALTER_PARTITION_REASSIGNMENTS)) {
            AlterPartitionReassignmentsResponseData response = (AlterPartitionReassignmentsResponseData) client.call(
                    ApiKeys.ALTER_PARTITION_REASSIGNMENTS, v, new AlterPartitionReassignmentsRequestData().setTopics(
                            List.of(new AlterPartitionReassignmentsRequestData.ReassignableTopic().setName(TOPIC)
                                    .setPartitions(List.of(
                                            new AlterPartitionReassignmentsRequestData.ReassignablePartition()
                                                    .setPartitionIndex(0).setReplicas(List.of(1)),
                                            new AlterPartitionReassignmentsRequestData.ReassignablePartition()
                                                    .setPartitionIndex(0).setReplicas(null))))));
            assertThat(response.errorCode()).as("alter reassignments v%d", v).isEqualTo(Errors.NONE.code());
            assertThat(response.responses().get(0).partitions()).as("alter reassignments v%d", v)
                    .extracting(p -> Errors.forCode(p.errorCode()))
                    .containsExactly(Errors.NONE, Errors.NO_REASSIGNMENT_IN_PROGRESS);
        }
        for (short v : versions(ApiKeys.LIST_PARTITION_REASSIGNMENTS)) {
            ListPartitionReassignmentsResponseData response = (ListPartitionReassignmentsResponseData) client.call(
                    ApiKeys.LIST_PARTITION_REASSIGNMENTS, v, new ListPartitionReassignmentsRequestData());
            assertThat(response.errorCode()).as("list reassignments v%d", v).isEqualTo(Errors.NONE.code());
            assertThat(response.topics()).as("list reassignments v%d", v).isEmpty();
        }
    }

    @Test
    void everyMetadataVersion() throws Exception {
        for (short v : versions(ApiKeys.METADATA)) {
            MetadataResponseData response = (MetadataResponseData) client.call(ApiKeys.METADATA, v,
                    new MetadataRequestData().setTopics(List.of(new MetadataRequestData.MetadataRequestTopic()
                            .setName(TOPIC))));
            MetadataResponseData.MetadataResponseTopic topic = response.topics().find(TOPIC);
            assertThat(topic.errorCode()).as("metadata v%d", v).isEqualTo(Errors.NONE.code());
            assertThat(topic.partitions()).as("metadata v%d", v).hasSize(1);
            assertThat(response.brokers().find(1).port()).as("metadata v%d", v).isEqualTo(broker.broker.port());
        }
    }

    @Test
    void everyCreateAndDeleteTopicsVersion() throws Exception {
        for (short v : versions(ApiKeys.CREATE_TOPICS)) {
            String name = "created-v" + v;
            CreateTopicsRequestData.CreatableTopicCollection topics =
                    new CreateTopicsRequestData.CreatableTopicCollection();
            topics.add(new CreateTopicsRequestData.CreatableTopic().setName(name).setNumPartitions(2)
                    .setReplicationFactor((short) 1));
            CreateTopicsResponseData response = (CreateTopicsResponseData) client.call(ApiKeys.CREATE_TOPICS, v,
                    new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(5000));
            assertThat(response.topics().find(name).errorCode()).as("create v%d", v).isEqualTo(Errors.NONE.code());
        }
        for (short v : versions(ApiKeys.DELETE_TOPICS)) {
            String name = "created-v" + (v + ApiKeys.CREATE_TOPICS.oldestVersion() - ApiKeys.DELETE_TOPICS.oldestVersion());
            DeleteTopicsRequestData request = v >= 6
                    ? new DeleteTopicsRequestData().setTopics(List.of(new DeleteTopicsRequestData.DeleteTopicState()
                            .setName(name)))
                    : new DeleteTopicsRequestData().setTopicNames(List.of(name));
            DeleteTopicsResponseData response = (DeleteTopicsResponseData) client.call(ApiKeys.DELETE_TOPICS, v,
                    request.setTimeoutMs(5000));
            assertThat(response.responses().find(name).errorCode()).as("delete v%d", v).isEqualTo(Errors.NONE.code());
        }
    }
}
