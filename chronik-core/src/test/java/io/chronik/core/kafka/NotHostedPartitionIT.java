package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node asked about a partition it holds no replica of answers as Kafka does, with real requests on
 * two real nodes: {@code NOT_LEADER_OR_FOLLOWER} for a partition the topic has (the client refreshes
 * its metadata and goes to the leader), {@code UNKNOWN_TOPIC_OR_PARTITION} for one it does not have,
 * for Produce, Fetch, ListOffsets, OffsetForLeaderEpoch and DeleteRecords alike.
 */
@Timeout(120)
class NotHostedPartitionIT {

    private static final String TOPIC = "placed";
    private static final int MISSING_PARTITION = 7;

    @RegisterExtension
    final InProcessClusterExtension clusters = new InProcessClusterExtension();

    private InProcessCluster cluster;

    @Test
    void everyPartitionApiAnswersNotLeaderForAnotherNodesPartitionAndUnknownForAMissingOne() throws Exception {
        cluster = clusters.create(2);
        cluster.startAll();
        cluster.awaitOneLeader();
        Admin admin = cluster.admin(1);
        cluster.awaitBrokers(admin);
        admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(2))))).all().get(30, TimeUnit.SECONDS);
        cluster.awaitSameDigest();
        TopicDescription description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(TOPIC);
        assertThat(description.partitions()).singleElement().extracting(TopicPartitionInfo::leader)
                .satisfies(leader -> assertThat(leader.id()).isEqualTo(2));

        try (RawKafkaClient node1 = new RawKafkaClient(cluster.node(1).kafkaPort())) {
            assertThat(produce(node1, 0)).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
            assertThat(fetch(node1, 0)).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
            assertThat(listOffsets(node1, 0)).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
            assertThat(offsetForLeaderEpoch(node1, 0)).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
            assertThat(deleteRecords(node1, 0)).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);

            assertThat(produce(node1, MISSING_PARTITION)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(fetch(node1, MISSING_PARTITION)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(listOffsets(node1, MISSING_PARTITION)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(offsetForLeaderEpoch(node1, MISSING_PARTITION)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(deleteRecords(node1, MISSING_PARTITION)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        try (RawKafkaClient node2 = new RawKafkaClient(cluster.node(2).kafkaPort())) {
            assertThat(produce(node2, 0)).as("the leader itself appends").isEqualTo(Errors.NONE);
            assertThat(listOffsets(node2, 0)).isEqualTo(Errors.NONE);
        }
    }

    private static Errors produce(RawKafkaClient client, int partition) throws Exception {
        ProduceRequestData request = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(10_000);
        request.topicData().add(new ProduceRequestData.TopicProduceData().setName(TOPIC)
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(partition)
                        .setRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()))))));
        ProduceResponseData response = (ProduceResponseData) client.call(ApiKeys.PRODUCE, (short) 9, request);
        return Errors.forCode(response.responses().iterator().next().partitionResponses().get(0).errorCode());
    }

    private static Errors fetch(RawKafkaClient client, int partition) throws Exception {
        FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1)
                .setMaxBytes(1 << 20).setSessionEpoch(-1);
        request.topics().add(new FetchRequestData.FetchTopic().setTopic(TOPIC).setPartitions(List.of(
                new FetchRequestData.FetchPartition().setPartition(partition).setFetchOffset(0)
                        .setPartitionMaxBytes(1 << 20))));
        FetchResponseData response = (FetchResponseData) client.call(ApiKeys.FETCH, (short) 12, request);
        return Errors.forCode(response.responses().get(0).partitions().get(0).errorCode());
    }

    private static Errors listOffsets(RawKafkaClient client, int partition) throws Exception {
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(-1);
        request.topics().add(new ListOffsetsRequestData.ListOffsetsTopic().setName(TOPIC).setPartitions(List.of(
                new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(partition).setTimestamp(-1))));
        ListOffsetsResponseData response = (ListOffsetsResponseData) client.call(ApiKeys.LIST_OFFSETS, (short) 7,
                request);
        return Errors.forCode(response.topics().get(0).partitions().get(0).errorCode());
    }

    private static Errors offsetForLeaderEpoch(RawKafkaClient client, int partition) throws Exception {
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
        request.topics().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic(TOPIC)
                .setPartitions(List.of(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition()
                        .setPartition(partition).setLeaderEpoch(0).setCurrentLeaderEpoch(-1))));
        OffsetForLeaderEpochResponseData response = (OffsetForLeaderEpochResponseData) client.call(
                ApiKeys.OFFSET_FOR_LEADER_EPOCH, (short) 4, request);
        return Errors.forCode(response.topics().iterator().next().partitions().get(0).errorCode());
    }

    private static Errors deleteRecords(RawKafkaClient client, int partition) throws Exception {
        DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTimeoutMs(10_000);
        request.topics().add(new DeleteRecordsRequestData.DeleteRecordsTopic().setName(TOPIC).setPartitions(List.of(
                new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(partition).setOffset(0))));
        DeleteRecordsResponseData response = (DeleteRecordsResponseData) client.call(ApiKeys.DELETE_RECORDS, (short) 2,
                request);
        return Errors.forCode(response.topics().iterator().next().partitions().iterator().next().errorCode());
    }
}
