package io.chronik.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.api.ChronikException;
import io.chronik.api.ConfigException;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.loader.SpiType;
import io.chronik.spi.wal.FlushPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static NodeConfig load(Map<String, String> env, String... overrides) {
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), false, Optional.empty(), env,
                List.of(overrides)));
    }

    private NodeConfig loadFile(String content, Map<String, String> env, String... overrides) throws IOException {
        Path file = dir.resolve("chronik.properties");
        Files.writeString(file, content);
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.of(file), true, Optional.empty(), env,
                List.of(overrides)));
    }

    @Test
    void zeroConfigGivesTheDocumentedDefaults() {
        NodeConfig config = ConfigLoader.load(ConfigLoader.Sources.defaults());

        assertThat(config.get(ConfigKeys.NODE_ID)).isEqualTo(1);
        assertThat(config.get(ConfigKeys.DATA_DIR)).isEqualTo(Path.of("./data"));
        assertThat(config.get(ConfigKeys.KAFKA_LISTENER)).isEqualTo(new Listener("127.0.0.1", 9092));
        assertThat(config.get(ConfigKeys.KAFKA_ADVERTISED_LISTENER)).isEqualTo(new Listener("127.0.0.1", 9092));
        assertThat(config.get(ConfigKeys.CLUSTER_ID)).isEmpty();
        assertThat(config.get(ConfigKeys.CLUSTER_VOTERS)).extracting(Voter::toString)
                .containsExactly("1@127.0.0.1:9093");
        assertThat(config.get(ConfigKeys.WAL_PROVIDER)).isEqualTo("disruptor");
        assertThat(config.get(ConfigKeys.REPLICATION_PROVIDER)).isEqualTo("tcp");
        assertThat(config.get(ConfigKeys.FORWARDING_PROVIDER)).isEqualTo("tcp");
        assertThat(config.get(ConfigKeys.CONSOLE_PROVIDER)).isEmpty();
        assertThat(config.get(ConfigKeys.CONSOLE_ENABLED)).isTrue();
        assertThat(config.get(ConfigKeys.WAL_FLUSH_POLICY)).isEqualTo(new FlushPolicy.Batch());
        assertThat(config.get(ConfigKeys.WAL_SEGMENT_BYTES)).isEqualTo(128L << 20);
        assertThat(config.get(ConfigKeys.WAL_MAX_RECORD_BYTES)).isEqualTo(8L << 20);
        assertThat(config.get(ConfigKeys.PLUGINS_DIR)).isEqualTo(Path.of("plugins"));
    }

    @Test
    void derivedDefaultsFollowTheKeysTheyDeriveFrom() {
        NodeConfig config = ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), false,
                Optional.of(Path.of("/opt/chronik")), Map.of(), List.of("node.id=7", "kafka.listener=0.0.0.0:19092",
                "replication.listener=10.1.2.3:19093")));

        assertThat(config.get(ConfigKeys.KAFKA_ADVERTISED_LISTENER)).hasToString("0.0.0.0:19092");
        assertThat(config.get(ConfigKeys.CLUSTER_VOTERS)).extracting(Voter::toString)
                .containsExactly("7@10.1.2.3:19093/9094");
        assertThat(config.get(ConfigKeys.PLUGINS_DIR)).isEqualTo(Path.of("/opt/chronik/plugins"));
    }

    @Test
    void laterSourcesWinFileThenEnvironmentThenSet() throws IOException {
        String file = "node.id=2\nwal.flush.policy=none\nwal.segment.bytes=64MiB\n";

        assertThat(loadFile(file, Map.of()).get(ConfigKeys.NODE_ID)).isEqualTo(2);
        assertThat(loadFile(file, Map.of("CHRONIK_NODE_ID", "3")).get(ConfigKeys.NODE_ID)).isEqualTo(3);
        NodeConfig all = loadFile(file, Map.of("CHRONIK_NODE_ID", "3", "CHRONIK_WAL_FLUSH_POLICY", "interval:50"),
                "node.id=4");
        assertThat(all.get(ConfigKeys.NODE_ID)).isEqualTo(4);
        assertThat(all.get(ConfigKeys.WAL_FLUSH_POLICY)).isEqualTo(new FlushPolicy.Interval(50));
        assertThat(all.get(ConfigKeys.WAL_SEGMENT_BYTES)).isEqualTo(64L << 20);
    }

    @Test
    void unknownKeyNamesTheKeyAndTheFile() {
        assertThatThrownBy(() -> loadFile("node.idd=2\n", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("node.idd"))
                .hasMessageContaining("unknown key").hasMessageContaining("chronik.properties")
                .hasMessageEndingWith("did you mean node.id?");
        assertThatThrownBy(() -> load(Map.of(), "kafka.listner=1.2.3.4:1"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("kafka.listner"))
                .hasMessageContaining("--set");
    }

    @Test
    void badValuesNameTheKeyTheValueAndTheSource() {
        assertThatThrownBy(() -> load(Map.of("CHRONIK_NODE_ID", "abc")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("node.id"))
                .hasMessageContaining("'abc' is not a whole number")
                .hasMessageContaining("environment variable CHRONIK_NODE_ID");
        assertThatThrownBy(() -> load(Map.of(), "wal.flush.policy=sometimes"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("wal.flush.policy"));
        assertThatThrownBy(() -> load(Map.of(), "kafka.listener=localhost"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("kafka.listener"))
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> load(Map.of(), "cluster.id=no spaces allowed"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("cluster.id"));
        assertThatThrownBy(() -> load(Map.of(), "wal.segment.bytes=1KiB"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("wal.segment.bytes"))
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> load(Map.of(), "console.enabled=yes"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("console.enabled"));
        assertThatThrownBy(() -> load(Map.of(), "cluster.voters=1@a:9093,1@b:9093"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("cluster.voters"))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> load(Map.of(), "wal.provider=Disruptor!"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("wal.provider"));
    }

    @Test
    void keysThatContradictEachOtherAreRejected() {
        assertThatThrownBy(() -> load(Map.of(), "wal.segment.bytes=2MiB", "wal.max.record.bytes=4MiB"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("wal.max.record.bytes"));
        assertThatThrownBy(() -> load(Map.of(), "replication.listener=127.0.0.1:9092"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("replication.listener"))
                .hasMessageContaining("kafka.listener");
        // port 0 never clashes, and a disabled console does not listen
        load(Map.of(), "kafka.listener=127.0.0.1:0", "replication.listener=127.0.0.1:0");
        load(Map.of(), "console.enabled=false", "console.listener=127.0.0.1:9092");
    }

    @Test
    void environmentVariablesMapByTheDocumentedRule() {
        assertThat(ConfigKeys.WAL_FLUSH_POLICY.environmentVariable()).isEqualTo("CHRONIK_WAL_FLUSH_POLICY");
        assertThat(ConfigKey.environmentVariable("wal.disruptor.ring-size"))
                .isEqualTo("CHRONIK_WAL_DISRUPTOR_RING_SIZE");

        NodeConfig config = load(Map.of("CHRONIK_HOME", "/opt/chronik", "CHRONIK_JAVA_OPTS", "-Xmx1g",
                "PATH", "/usr/bin", "CHRONIK_WAL_DISRUPTOR_RING_SIZE", "4096",
                "CHRONIK_KAFKA_ADVERTISED_LISTENER", "kafka.example:9092"));
        assertThat(config.get(ConfigKeys.KAFKA_ADVERTISED_LISTENER)).hasToString("kafka.example:9092");
        assertThat(config.pluginProperties(SpiType.WAL, "disruptor").asMap()).containsEntry("ring.size", "4096");

        assertThatThrownBy(() -> load(Map.of("CHRONIK_NODEID", "2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CHRONIK_NODEID")
                .hasMessageContaining("maps to no configuration key; did you mean CHRONIK_NODE_ID?");
    }

    @Test
    void pluginKeysGoToTheSelectedProviderOnly() {
        NodeConfig config = load(Map.of(), "wal.disruptor.ring.size=1024", "replication.tcp.auth-token=hunter2");

        PluginProperties wal = config.pluginProperties(SpiType.WAL, "disruptor");
        assertThat(wal.prefix()).isEqualTo("wal.disruptor.");
        assertThat(wal.asMap()).containsExactly(Map.entry("ring.size", "1024"));
        assertThat(config.pluginProperties(SpiType.FORWARDING, "tcp").asMap()).isEmpty();
        assertThatThrownBy(() -> config.pluginProperties(SpiType.WAL, "other"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("wal.disruptor.ring.size"))
                .hasMessageContaining("wal.provider is 'other'");
        assertThatThrownBy(() -> config.requireNoPluginKeys(SpiType.REPLICATION, "none installed"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("replication.tcp.auth-token"));
        // a key under an SPI needs a provider and a name: wal.ring is neither a node key nor a plugin key
        assertThatThrownBy(() -> load(Map.of(), "wal.ring=1"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("wal.ring"));
        assertThatThrownBy(() -> load(Map.of(), "wal.Disruptor.x=1"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("wal.Disruptor.x"));
        assertThatThrownBy(() -> load(Map.of(), "wal.flush.polcy=none"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("wal.flush.polcy"))
                .hasMessageEndingWith("did you mean wal.flush.policy?");
    }

    @Test
    void effectiveViewShowsEveryKeyAndMasksSecrets() {
        NodeConfig config = load(Map.of(), "node.id=9", "replication.tcp.auth-token=hunter2",
                "wal.disruptor.ring.size=8");

        Map<String, String> view = config.effective();
        assertThat(view.keySet()).containsAll(ConfigKeys.BY_NAME.keySet());
        assertThat(view).containsEntry("node.id", "9").containsEntry("wal.flush.policy", "batch")
                .containsEntry("cluster.voters", "9@127.0.0.1:9093").containsEntry("cluster.id", "")
                .containsEntry("wal.disruptor.ring.size", "8")
                .containsEntry("replication.tcp.auth-token", NodeConfig.MASK);
        assertThat(view.toString()).doesNotContain("hunter2");
    }

    @Test
    void aMissingFileIsAnErrorOnlyWhenNamedExplicitly() {
        Path missing = dir.resolve("nope.properties");
        assertThat(ConfigLoader.load(new ConfigLoader.Sources(Optional.of(missing), false, Optional.empty(),
                Map.of(), List.of())).get(ConfigKeys.NODE_ID)).isEqualTo(1);
        assertThatThrownBy(() -> ConfigLoader.load(new ConfigLoader.Sources(Optional.of(missing), true,
                Optional.empty(), Map.of(), List.of())))
                .isInstanceOf(ChronikException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void votersParseForwardingPortsByRuleOrExplicitly() {
        List<Voter> voters = Voter.parseList("1@a:9093, 2@b:19093/20000,3@[::1]:9093");

        assertThat(voters.get(0).forwardingEndpoint().port()).isEqualTo(9094);
        assertThat(voters.get(1).forwardingEndpoint().port()).isEqualTo(20000);
        assertThat(voters.get(2).replicationEndpoint().host()).isEqualTo("::1");
        assertThat(Voter.format(voters)).isEqualTo("1@a:9093,2@b:19093/20000,3@[::1]:9093");
        assertThatThrownBy(() -> Voter.parseList("1@a:0")).hasMessageContaining("replication port");
        assertThatThrownBy(() -> Voter.parseList("x@a:1")).hasMessageContaining("not a number");
    }
}
