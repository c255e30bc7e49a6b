package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.chronik.core.cluster.SoleVoterWrites;
import io.chronik.core.metadata.MetadataCommand;
import io.chronik.testkit.wal.MemoryWal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topic configs through the real AdminClient, producer and consumer. */
@Timeout(60)
class TopicConfigIT {

    private RunningBroker broker;
    private Admin admin;

    @BeforeEach
    void start() {
        broker = new RunningBroker(new MemoryWal.Storage(),
                s -> s.withLogDefaults(LogDefaults.KAFKA.withRetention(3_600_000, -1, 300_000)));
        admin = broker.admin();
    }

    @AfterEach
    void stop() {
        admin.close();
        broker.close();
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    private Config describe(ConfigResource resource) throws Exception {
        return admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(true)
                .includeDocumentation(true)).all().get().get(resource);
    }

    @Test
    void createTopicsValidatesStoresAndReturnsConfigs() throws Exception {
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic("configured", 1, (short) 1)
                .configs(Map.of("retention.ms", "60000", "max.message.bytes", "2048"))));

        Config fromCreate = created.config("configured").get();
        assertThat(fromCreate.get("retention.ms").value()).isEqualTo("60000");
        assertThat(fromCreate.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(fromCreate.get("segment.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

        Config described = describe(topic("configured"));
        ConfigEntry retention = described.get("retention.ms");
        assertThat(retention.value()).isEqualTo("60000");
        assertThat(retention.isReadOnly()).isFalse();
        assertThat(retention.type()).isEqualTo(ConfigEntry.ConfigType.LONG);
        assertThat(retention.synonyms()).extracting(ConfigEntry.ConfigSynonym::name, ConfigEntry.ConfigSynonym::value,
                ConfigEntry.ConfigSynonym::source).containsExactly(
                tuple("retention.ms", "60000", ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG),
                tuple("log.retention.ms", "3600000",
                        ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG));
        assertThat(described.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(described.get("cleanup.policy").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(described.get("segment.bytes").documentation()).contains("node-wide");
        assertThat(described.entries()).extracting(ConfigEntry::name).containsExactlyInAnyOrder("retention.ms",
                "retention.bytes", "segment.bytes", "max.message.bytes", "cleanup.policy", "min.insync.replicas",
                "message.timestamp.type");
    }

    @Test
    void invalidAndUnsupportedConfigsAreRefusedWithInvalidConfig() {
        for (Map<String, String> configs : List.of(Map.of("cleanup.policy", "compact"), Map.of("no.such.config", "1"),
                Map.of("retention.ms", "soon"), Map.of("message.timestamp.type", "WallClock"),
                Map.of("min.insync.replicas", "0"))) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("bad", 1, (short) 1).configs(configs)))
                    .all().get()).as("%s", configs).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(InvalidConfigurationException.class);
        }
        assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("bad", 1, (short) 1)
                .configs(Map.of("cleanup.policy", "compact")))).all().get())
                .hasMessageContaining("cleanup.policy").hasMessageContaining("compact");
    }

    @Test
    void incrementalAlterConfigsSetsDeletesAppendsAndValidates() throws Exception {
        admin.createTopics(List.of(new NewTopic("altered", 1, (short) 1))).all().get();
        ConfigResource resource = topic("altered");

        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.bytes", "1048576"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.APPEND))))
                .all().get();
        assertThat(describe(resource).get("retention.bytes").value()).isEqualTo("1048576");
        assertThat(describe(resource).get("retention.bytes").source())
                .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);

        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.bytes", ""), AlterConfigOp.OpType.DELETE)))).all().get();
        assertThat(describe(resource).get("retention.bytes").value()).isEqualTo("-1");
        assertThat(describe(resource).get("retention.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND)))).all().get())
                .hasCauseInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry("retention.mss", "1"), AlterConfigOp.OpType.SET)))).all().get())
                .hasCauseInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.mss");
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "5"),
                AlterConfigOp.OpType.SET))), new AlterConfigsOptions().validateOnly(true)).all().get();
        assertThat(describe(resource).get("retention.ms").value()).as("validate only").isEqualTo("3600000");

        broker.close();
        broker = new RunningBroker(broker.storage, s -> s.withLogDefaults(LogDefaults.KAFKA.withRetention(3_600_000, -1,
                300_000)));
        admin.close();
        admin = broker.admin();
        assertThat(describe(resource).get("message.timestamp.type").value()).as("after restart")
                .isEqualTo("LogAppendTime");
    }

    /** What kafka-reassign-partitions.sh --verify and --cancel send to clear replication throttles. */
    @Test
    void deletingConfigsThatAreNotSetSucceedsForTopicsAndBrokersButBrokerConfigsStayStatic() throws Exception {
        admin.createTopics(List.of(new NewTopic("throttled", 1, (short) 1))).all().get();
        ConfigResource broker1 = new ConfigResource(ConfigResource.Type.BROKER, "1");

        admin.incrementalAlterConfigs(Map.of(
                topic("throttled"), List.of(
                        new AlterConfigOp(new ConfigEntry("leader.replication.throttled.replicas", ""),
                                AlterConfigOp.OpType.DELETE),
                        new AlterConfigOp(new ConfigEntry("follower.replication.throttled.replicas", ""),
                                AlterConfigOp.OpType.DELETE)),
                broker1, List.of(
                        new AlterConfigOp(new ConfigEntry("leader.replication.throttled.rate", ""),
                                AlterConfigOp.OpType.DELETE),
                        new AlterConfigOp(new ConfigEntry("follower.replication.throttled.rate", ""),
                                AlterConfigOp.OpType.DELETE)))).all().get();

        assertThat(describe(topic("throttled")).entries()).as("no override appeared").noneSatisfy(e ->
                assertThat(e.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG));
        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(broker1, List.of(new AlterConfigOp(
                new ConfigEntry("leader.replication.throttled.rate", "1000"), AlterConfigOp.OpType.SET)))).all().get())
                .hasCauseInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void brokerResourceReportsTheNodesStaticSettings() throws Exception {
        Config config = describe(new ConfigResource(ConfigResource.Type.BROKER, "1"));

        assertThat(config.get("log.retention.ms").value()).isEqualTo("3600000");
        assertThat(config.get("log.retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(config.get("message.max.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(config.get("num.partitions").value()).isEqualTo("1");
        assertThat(config.entries()).allSatisfy(e -> assertThat(e.isReadOnly()).isTrue());
    }

    @Test
    void producerSeesMaxMessageBytesMinInsyncReplicasAndLogAppendTime() throws Exception {
        admin.createTopics(List.of(
                new NewTopic("small", 1, (short) 1).configs(Map.of("max.message.bytes", "1024")),
                new NewTopic("guarded", 1, (short) 1).configs(Map.of("min.insync.replicas", "2")),
                new NewTopic("stamped", 1, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime"))))
                .all().get();
        long before = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("small", new byte[4000])).get())
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            RecordMetadata stamped = producer.send(new ProducerRecord<>("stamped", 0, 42L, null, new byte[10])).get();
            assertThat(stamped.timestamp()).isBetween(before, System.currentTimeMillis());
        }
        // NOT_ENOUGH_REPLICAS is retriable: without retries the client reports it instead of timing out.
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(ProducerConfig.RETRIES_CONFIG, 0))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("guarded", new byte[10])).get())
                    .hasCauseInstanceOf(NotEnoughReplicasException.class);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer(Map.of())) {
            TopicPartition tp = new TopicPartition("stamped", 0);
            consumer.assign(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> records = poll(consumer, 1);
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
                assertThat(r.timestamp()).isBetween(before, System.currentTimeMillis());
            });
        }
    }

    @Test
    void topicsWithOverridesStoredBeforeValidationStillWorkAndCanBeCleanedUp() throws Exception {
        admin.close();
        broker.close();
        MemoryWal.Storage storage = broker.storage;
        try (MemoryWal wal = new MemoryWal(storage, 1 << 20)) {
            SoleVoterWrites.commit(wal, 1, MetadataCommand.CreateTopic.of("legacy", Uuid.randomUuid(),
                    List.of(List.of(1)), Map.of("retention.ms", "soon", "k", "v")));
        }
        broker = new RunningBroker(storage, s -> s);
        admin = broker.admin();

        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of())) {
            assertThat(producer.send(new ProducerRecord<>("legacy", new byte[10])).get().offset()).isZero();
        }
        assertThat(describe(topic("legacy")).get("retention.ms").value()).as("reported as stored").isEqualTo("soon");
        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(topic("legacy"), List.of(new AlterConfigOp(
                new ConfigEntry("retention.bytes", "2000000"), AlterConfigOp.OpType.SET)))).all().get())
                .hasCauseInstanceOf(InvalidConfigurationException.class);
        admin.incrementalAlterConfigs(Map.of(topic("legacy"), List.of(
                new AlterConfigOp(new ConfigEntry("k", ""), AlterConfigOp.OpType.DELETE),
                new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE),
                new AlterConfigOp(new ConfigEntry("retention.bytes", "2000000"), AlterConfigOp.OpType.SET))))
                .all().get();
        assertThat(describe(topic("legacy")).get("retention.bytes").value()).isEqualTo("2000000");
        assertThat(describe(topic("legacy")).get("retention.ms").source())
                .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    private static List<ConsumerRecord<byte[], byte[]>> poll(KafkaConsumer<byte[], byte[]> consumer, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
