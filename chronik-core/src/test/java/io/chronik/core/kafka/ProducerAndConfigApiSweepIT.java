package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every advertised version of InitProducerId, DescribeConfigs, (Incremental)AlterConfigs,
 * CreatePartitions and DeleteRecords decodes, is served and encodes its answer, as older clients
 * send them; and CreateTopics answers with configs exactly from v5.
 */
@Timeout(60)
class ProducerAndConfigApiSweepIT {

    private static final String TOPIC = "sweep-" + ApiKeys.CREATE_TOPICS.oldestVersion();

    private RunningBroker broker;
    private RawKafkaClient client;

    @BeforeEach
    void start() throws Exception {
        broker = RunningBroker.start();
        client = new RawKafkaClient(broker.broker.port());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        broker.close();
    }

    private static List<Short> versions(ApiKeys api) {
        return IntStream.rangeClosed(api.oldestVersion(), api.latestVersion()).mapToObj(v -> (short) v).toList();
    }

    private CreateTopicsResponseData.CreatableTopicResult createTopic(String name, short version) throws Exception {
        CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
        topics.add(new CreateTopicsRequestData.CreatableTopic().setName(name).setNumPartitions(1)
                .setReplicationFactor((short) 1));
        CreateTopicsResponseData response = (CreateTopicsResponseData) client.call(ApiKeys.CREATE_TOPICS, version,
                new CreateTopicsRequestData().setTopics(topics));
        return response.topics().find(name);
    }

    @Test
    void everyVersionOfTheProducerConfigAndRecordsApis() throws Exception {
        for (short v : versions(ApiKeys.CREATE_TOPICS)) {
            CreateTopicsResponseData.CreatableTopicResult created = createTopic("sweep-" + v, v);
            assertThat(created.errorCode()).as("create topics v%d", v).isZero();
            assertThat(created.configs()).as("create topics v%d", v).hasSize(v >= 5 ? TopicConfig.values().length : 0);
        }
        for (short v : versions(ApiKeys.INIT_PRODUCER_ID)) {
            InitProducerIdResponseData response = (InitProducerIdResponseData) client.call(ApiKeys.INIT_PRODUCER_ID, v,
                    new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(-1));
            assertThat(response.errorCode()).as("init producer id v%d", v).isZero();
            assertThat(response.producerId()).as("init producer id v%d", v).isNotNegative();
        }
        for (short v : versions(ApiKeys.DESCRIBE_CONFIGS)) {
            DescribeConfigsResponseData response = (DescribeConfigsResponseData) client.call(ApiKeys.DESCRIBE_CONFIGS, v,
                    new DescribeConfigsRequestData().setIncludeSynonyms(v >= 1).setResources(List.of(
                            new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 2)
                                    .setResourceName(TOPIC).setConfigurationKeys(null))));
            assertThat(response.results().get(0).errorCode()).as("describe configs v%d", v).isZero();
            assertThat(response.results().get(0).configs()).as("describe configs v%d", v)
                    .hasSize(TopicConfig.values().length);
        }
        for (short v : versions(ApiKeys.INCREMENTAL_ALTER_CONFIGS)) {
            IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection resources =
                    new IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection();
            IncrementalAlterConfigsRequestData.AlterableConfigCollection configs =
                    new IncrementalAlterConfigsRequestData.AlterableConfigCollection();
            configs.add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                    .setConfigOperation((byte) 0).setValue(Integer.toString(1000 + v)));
            resources.add(new IncrementalAlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2)
                    .setResourceName(TOPIC).setConfigs(configs));
            IncrementalAlterConfigsResponseData response = (IncrementalAlterConfigsResponseData) client.call(
                    ApiKeys.INCREMENTAL_ALTER_CONFIGS, v, new IncrementalAlterConfigsRequestData().setResources(resources));
            assertThat(response.responses().get(0).errorCode()).as("incremental alter configs v%d", v).isZero();
        }
        for (short v : versions(ApiKeys.ALTER_CONFIGS)) {
            AlterConfigsRequestData.AlterableConfigCollection configs = new AlterConfigsRequestData.AlterableConfigCollection();
            configs.add(new AlterConfigsRequestData.AlterableConfig().setName("retention.bytes")
                    .setValue(Integer.toString(5_000_000 + v)));
            AlterConfigsRequestData.AlterConfigsResourceCollection resources =
                    new AlterConfigsRequestData.AlterConfigsResourceCollection();
            resources.add(new AlterConfigsRequestData.AlterConfigsResource().setResourceType((byte) 2)
                    .setResourceName(TOPIC).setConfigs(configs));
            AlterConfigsResponseData response = (AlterConfigsResponseData) client.call(ApiKeys.ALTER_CONFIGS, v,
                    new AlterConfigsRequestData().setResources(resources));
            assertThat(response.responses().get(0).errorCode()).as("alter configs v%d", v).isZero();
        }
        DescribeConfigsResponseData afterLegacyAlter = (DescribeConfigsResponseData) client.call(
                ApiKeys.DESCRIBE_CONFIGS, ApiKeys.DESCRIBE_CONFIGS.latestVersion(), new DescribeConfigsRequestData()
                        .setResources(List.of(new DescribeConfigsRequestData.DescribeConfigsResource()
                                .setResourceType((byte) 2).setResourceName(TOPIC)
                                .setConfigurationKeys(List.of("retention.ms", "retention.bytes")))));
        assertThat(afterLegacyAlter.results().get(0).configs())
                .extracting(DescribeConfigsResponseData.DescribeConfigsResourceResult::name,
                        DescribeConfigsResponseData.DescribeConfigsResourceResult::value)
                .as("the legacy call replaced every override: retention.ms is back to its default")
                .containsExactly(tuple("retention.ms", "604800000"),
                        tuple("retention.bytes", Integer.toString(5_000_000 + ApiKeys.ALTER_CONFIGS.latestVersion())));
        int partitions = 1;
        for (short v : versions(ApiKeys.CREATE_PARTITIONS)) {
            CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                    new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
            topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName(TOPIC).setCount(++partitions)
                    .setAssignments(null));
            CreatePartitionsResponseData response = (CreatePartitionsResponseData) client.call(
                    ApiKeys.CREATE_PARTITIONS, v, new CreatePartitionsRequestData().setTopics(topics).setTimeoutMs(5000));
            assertThat(response.results().get(0).errorCode()).as("create partitions v%d", v).isZero();
        }
        produceTen(TOPIC);
        long deleteBefore = 0;
        for (short v : versions(ApiKeys.DELETE_RECORDS)) {
            DeleteRecordsRequestData.DeleteRecordsTopic topic = new DeleteRecordsRequestData.DeleteRecordsTopic()
                    .setName(TOPIC).setPartitions(List.of(new DeleteRecordsRequestData.DeleteRecordsPartition()
                            .setPartitionIndex(0).setOffset(++deleteBefore)));
            DeleteRecordsResponseData response = (DeleteRecordsResponseData) client.call(ApiKeys.DELETE_RECORDS, v,
                    new DeleteRecordsRequestData().setTopics(List.of(topic)).setTimeoutMs(5000));
            DeleteRecordsResponseData.DeleteRecordsPartitionResult result =
                    response.topics().find(TOPIC).partitions().find(0);
            assertThat(result.errorCode()).as("delete records v%d", v).isEqualTo(Errors.NONE.code());
            assertThat(result.lowWatermark()).as("delete records v%d", v).isEqualTo(deleteBefore);
        }
    }

    private void produceTen(String topic) throws Exception {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        SimpleRecord[] records = IntStream.range(0, 10).mapToObj(i -> new SimpleRecord(("r" + i).getBytes()))
                .toArray(SimpleRecord[]::new);
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0)
                        .setRecords(MemoryRecords.withRecords(Compression.NONE, records)))));
        client.call(ApiKeys.PRODUCE, (short) 12, new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000)
                .setTopicData(topics));
    }
}
