package io.chronik.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.api.ChronikException;
import io.chronik.api.ConfigException;
import io.chronik.api.ClusterView;
import io.chronik.api.MetadataEntry;
import io.chronik.api.PluginInfo;
import io.chronik.core.cluster.MetadataOperation;
import io.chronik.core.cluster.MetadataOperationCodec;
import io.chronik.core.cluster.OperationResult;
import io.chronik.core.config.ConfigLoader;
import io.chronik.core.config.NodeConfig;
import io.chronik.spi.PluginException;
import io.chronik.spi.loader.PluginLoader;
import io.chronik.spi.loader.PluginRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.Errors;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ChronikServerTest {

    private static final PluginRegistry REGISTRY = PluginLoader.builtIns("9.9.9");

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        TestProviders.reset();
    }

    private NodeConfig config(String... overrides) {
        List<String> all = new ArrayList<>(List.of("data.dir=" + dir.resolve("data"), "wal.provider=test-memory",
                "replication.provider=test-socket", "forwarding.provider=test-socket",
                "kafka.listener=127.0.0.1:0", "replication.listener=127.0.0.1:0", "forwarding.listener=127.0.0.1:0",
                "console.listener=127.0.0.1:0"));
        all.addAll(List.of(overrides));
        return ConfigLoader.load(ConfigLoader.Sources.defaults().withOverrides(all.toArray(String[]::new)));
    }

    @Test
    void startsEveryPluginWithItsConfigAndStopsThemInReverse() {
        try (ChronikServer server = ChronikServer.start(config("node.id=3", "wal.test-memory.unused=1",
                "cluster.voters=3@127.0.0.1:9093,4@10.0.0.4:9093,5@10.0.0.5:7000/7100", "cluster.id=prod-1"),
                REGISTRY)) {
            assertThat(server.nodeId()).isEqualTo(3);
            assertThat(server.clusterId()).isEqualTo("prod-1");
            assertThat(TestProviders.lastWalConfig.directory())
                    .isEqualTo(dir.resolve("data").resolve("wal").toAbsolutePath());
            assertThat(TestProviders.lastWalConfig.properties().asMap()).containsEntry("unused", "1");
            assertThat(TestProviders.lastReplicationConfig.clusterId()).isEqualTo("prod-1");
            assertThat(TestProviders.lastReplicationConfig.peers()).containsOnlyKeys(4, 5);
            assertThat(TestProviders.lastReplicationConfig.peers().get(5).port()).isEqualTo(7000);
            assertThat(TestProviders.lastForwarderConfig.peers().get(4).port()).isEqualTo(9094);
            assertThat(TestProviders.lastForwarderConfig.peers().get(5).port()).isEqualTo(7100);
            assertThat(TestProviders.lastReplicationConfig.maxMessageBytes())
                    .isEqualTo((8 << 20) + ChronikServer.MESSAGE_OVERHEAD_BYTES);
            assertThat(server.startupSummary()).contains("node 3 of cluster prod-1")
                    .contains("providers wal=test-memory, replication=test-socket, forwarding=test-socket,"
                            + " console=test-console");
        }
        assertThat(TestProviders.EVENTS).containsExactly("create wal", "create replication", "create forwarding",
                "create console", "close console", "close forwarding", "close replication", "close wal");
    }

    @Test
    void servesKafkaClientsWithTopicDefaultsFromTheNodeConfig() throws Exception {
        try (ChronikServer server = ChronikServer.start(config("log.retention.ms=3600000",
                "log.message.timestamp.type=LogAppendTime", "num.partitions=3"), REGISTRY);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     "127.0.0.1:" + server.kafkaPort()))) {
            admin.createTopics(List.of(new NewTopic("orders", Optional.empty(), Optional.empty()))).all()
                    .get(10, TimeUnit.SECONDS);

            assertThat(admin.describeTopics(List.of("orders")).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get("orders").partitions()).hasSize(3);
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
            Config configs = admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic);
            assertThat(configs.get("retention.ms").value()).isEqualTo("3600000");
            assertThat(configs.get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
            assertThat(server.startupSummary()).contains("kafka 127.0.0.1:" + server.kafkaPort());
        }
    }

    @Test
    void replicaLagTimeComesFromTheNodeConfig() throws Exception {
        try (ChronikServer server = ChronikServer.start(config("replica.lag.time.max.ms=12000"), REGISTRY);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     "127.0.0.1:" + server.kafkaPort()))) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(server.nodeId()));
            Config configs = admin.describeConfigs(List.of(broker)).all().get(10, TimeUnit.SECONDS).get(broker);
            assertThat(configs.get("replica.lag.time.max.ms").value()).isEqualTo("12000");
            assertThat(configs.get("replica.lag.time.max.ms").source())
                    .isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
            assertThat(server.effectiveConfig()).containsEntry("replica.lag.time.max.ms", "12000");
        }
    }

    @Test
    void aReplicaLagTimeThatIsNotPositiveStopsStartupNamingTheKey() {
        for (String bad : List.of("0", "-5", "soon", "2147483648")) {
            assertThatThrownBy(() -> ChronikServer.start(config("replica.lag.time.max.ms=" + bad), REGISTRY))
                    .isInstanceOfSatisfying(ConfigException.class,
                            e -> assertThat(e.key()).isEqualTo("replica.lag.time.max.ms"));
        }
    }

    @Test
    void sessionTimeoutBoundsThatContradictEachOtherNameTheKey() {
        assertThatThrownBy(() -> ChronikServer.start(config("group.min.session.timeout.ms=60000",
                "group.max.session.timeout.ms=30000"), REGISTRY))
                .isInstanceOf(ConfigException.class).hasMessageContaining("group.min.session.timeout.ms");
        ChronikServer.start(config(), REGISTRY).close(); // the failed start released the data directory
    }

    @Test
    void describesItsPluginsAndEffectiveConfig() {
        try (ChronikServer server = ChronikServer.start(config(), REGISTRY)) {
            assertThat(server.plugins()).contains(
                    new PluginInfo("wal", "test-memory", "9.9.9", "built-in", true),
                    new PluginInfo("console", "test-console", "9.9.9", "built-in", true));
            assertThat(server.effectiveConfig()).containsEntry("cluster.id", server.clusterId())
                    .containsEntry("console.provider", "test-console")
                    .containsEntry("wal.provider", "test-memory");
        }
    }

    @Test
    void aNodeWithoutClusterConfigIsAClusterOfOneThatLeadsItsMetadata() {
        try (ChronikServer server = ChronikServer.start(config(), REGISTRY)) {
            ClusterView cluster = server.cluster();
            assertThat(cluster.role()).isEqualTo(ClusterView.QuorumRole.LEADER);
            assertThat(cluster.metadataLeader()).hasValue(server.nodeId());
            assertThat(cluster.brokers()).extracting(ClusterView.BrokerView::nodeId).containsExactly(server.nodeId());
            assertThat(cluster.brokers().get(0).kafkaPort()).isEqualTo(server.kafkaPort());
            // __consumer_offsets was created on first start: the metadata log is not empty, and all of it is committed
            assertThat(cluster.metadataEndOffset()).isPositive().isEqualTo(cluster.metadataCommitted());
            assertThat(server.metadataEntries(0, 10).get(0).content()).isEqualTo("node 1 leads term 1");
            assertThat(server.metadataEntries(0, 10)).extracting(MetadataEntry::content)
                    .anySatisfy(content -> assertThat(content).startsWith("topic __consumer_offsets "));
            assertThat(server.kafkaBootstrap().getPort()).isEqualTo(server.kafkaPort());
            assertThat(server.kafkaBootstrap().getHostString()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void keepsAStatusFileWithItsBoundPortsWhileRunning() throws Exception {
        Path status = dir.resolve("data").resolve(StatusFile.FILE_NAME);
        try (ChronikServer server = ChronikServer.start(config("node.id=7"), REGISTRY)) {
            assertThat(status).content()
                    .contains("pid=" + ProcessHandle.current().pid() + "\n", "node.id=7\n",
                            "cluster.id=" + server.clusterId() + "\n", "role=leader\n", "metadata.leader=7\n",
                            "kafka=127.0.0.1:" + server.kafkaPort() + "\n")
                    .containsPattern("replication=127\\.0\\.0\\.1:[1-9]\\d*\n")
                    .containsPattern("console=127\\.0\\.0\\.1:[1-9]\\d*\n");
        }
        assertThat(status).doesNotExist();
    }

    @Test
    void generatesAClusterIdOnceAndKeepsIt() {
        String first;
        try (ChronikServer server = ChronikServer.start(config(), REGISTRY)) {
            first = server.clusterId();
        }
        assertThat(first).matches("[A-Za-z0-9_-]{22}");
        assertThat(dir.resolve("data").resolve(MetaProperties.FILE_NAME)).exists();
        try (ChronikServer server = ChronikServer.start(config(), REGISTRY)) {
            assertThat(server.clusterId()).isEqualTo(first);
        }
        assertThatThrownBy(() -> ChronikServer.start(config("cluster.id=other"), REGISTRY))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("cluster.id"))
                .hasMessageContaining(first);
        assertThatThrownBy(() -> ChronikServer.start(config("node.id=2"), REGISTRY))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("node.id"))
                .hasMessageContaining("belongs to node 1");
    }

    @Test
    void aClusterOfSeveralVotersNeedsAConfiguredClusterId() {
        assertThatThrownBy(() -> ChronikServer.start(config("cluster.voters=1@127.0.0.1:9093,2@127.0.0.2:9093"),
                REGISTRY))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("cluster.id"));
        assertThat(dir.resolve("data").resolve(MetaProperties.FILE_NAME)).doesNotExist();
    }

    @Test
    void aNodeOutsideTheVotersIsRefusedBeforeItTouchesTheDisk() {
        assertThatThrownBy(() -> ChronikServer.start(config("node.id=3", "cluster.id=c",
                "cluster.voters=1@127.0.0.1:9093,2@127.0.0.2:9093"), REGISTRY))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("cluster.voters"))
                .hasMessageContaining("node 3 is not among the voters");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void twoNodesCannotShareADataDirectory() {
        try (ChronikServer server = ChronikServer.start(config(), REGISTRY)) {
            assertThatThrownBy(() -> ChronikServer.start(config(), REGISTRY))
                    .isInstanceOf(ChronikException.class).hasMessageContaining("is in use by another Chronik node");
            assertThat(server.dataDirectory()).isEqualTo(dir.resolve("data").toAbsolutePath());
        }
    }

    @Test
    void aFailedStartClosesWhatStartedAndReleasesTheDataDirectory() {
        TestProviders.failForwarder = true;
        assertThatThrownBy(() -> ChronikServer.start(config(), REGISTRY))
                .isInstanceOf(PluginException.class).hasMessageContaining("refuses to start");
        assertThat(TestProviders.EVENTS).containsExactly("create wal", "create replication", "close replication",
                "close wal");

        TestProviders.failForwarder = false;
        ChronikServer.start(config(), REGISTRY).close();
    }

    @Test
    void aMissingProviderNamesTheKeyAndWhatIsAvailable() {
        assertThatThrownBy(() -> ChronikServer.start(config("wal.provider=disk"), REGISTRY))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("wal.provider=disk: no wal provider named 'disk'; available: ")
                .hasMessageContaining("test-memory");
        assertThatThrownBy(() -> ChronikServer.start(config("replication.other.x=1"), REGISTRY))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("replication.other.x"));
        assertThat(dir.resolve("data")).as("a start refused by configuration leaves no data behind").doesNotExist();
    }

    @Test
    void aDisabledConsoleIsNotStarted() {
        try (ChronikServer server = ChronikServer.start(config("console.enabled=false"), REGISTRY)) {
            assertThat(server.startupSummary()).contains("console off");
        }
        assertThat(TestProviders.EVENTS).doesNotContain("create console");
    }

    @Test
    void pluginsGetNamedThreadsMetersAndAFaultReporter() throws Exception {
        try (ChronikServer server = ChronikServer.start(config(), REGISTRY)) {
            var context = TestProviders.lastConsoleContext;
            assertThat(context.node()).isSameAs(server);
            SimpleMeterRegistry published = new SimpleMeterRegistry();
            context.publishTo(published);

            CountDownLatch ran = new CountDownLatch(1);
            Thread thread = context.threads("test-role").newThread(() -> {
                ran.countDown();
                throw new IllegalStateException("boom");
            });
            assertThat(thread.getName()).isEqualTo("chronik-test-role-1");
            assertThat(thread.isDaemon()).isTrue();
            assertThat(context.threads("test-role").newThread(() -> { }).getName())
                    .as("names stay unique across factories of one role").isEqualTo("chronik-test-role-2");
            thread.start();
            thread.join(TimeUnit.SECONDS.toMillis(10));

            assertThat(ran.getCount()).isZero();
            assertThat(published.get("chronik.faults").counter().count()).isEqualTo(1.0);
            context.faults().reportFault("wal/x", new RuntimeException("disk gone"));
            assertThat(published.get("chronik.faults").counter().count()).isEqualTo(2.0);
            assertThat(context.time().milliseconds()).isPositive();
        }
    }

    @Test
    void forwardedRequestsAreExecutedByTheController() throws Exception {
        try (ChronikServer server = ChronikServer.start(config(), REGISTRY)) {
            var handler = TestProviders.lastForwarderContext.handler();
            assertThat(handler.handle(2, ByteBuffer.allocate(4))).failsWithin(Duration.ofSeconds(1))
                    .withThrowableThat().withMessageContaining("format version 0");

            ByteBuffer heartbeat = MetadataOperationCodec.encodeRequest(new MetadataOperation.BrokerHeartbeat(7));
            assertThat(MetadataOperationCodec.decodeResponse(handler.handle(2, heartbeat).get(10, TimeUnit.SECONDS))
                    .error()).isEqualTo(Errors.BROKER_ID_NOT_REGISTERED);

            ByteBuffer create = MetadataOperationCodec.encodeRequest(new MetadataOperation.CreateTopic("forwarded", 2, 1,
                    List.of(), new TreeMap<>(), false));
            OperationResult created = MetadataOperationCodec.decodeResponse(handler.handle(2, create)
                    .get(10, TimeUnit.SECONDS));
            assertThat(created.succeeded()).isTrue();
            assertThat(created.appliedOffset()).isLessThan(server.cluster().metadataCommitted());
        }
    }

    @Test
    void dataDirectoryIsCreatedWithItsLockFile() throws Exception {
        try (ChronikServer server = ChronikServer.start(config(), REGISTRY)) {
            assertThat(Files.isDirectory(server.dataDirectory())).isTrue();
            assertThat(server.dataDirectory().resolve(DataDirectory.LOCK_FILE)).exists();
        }
    }
}
