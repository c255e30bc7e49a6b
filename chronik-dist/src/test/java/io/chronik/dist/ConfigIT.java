package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.core.config.ConfigKey;
import io.chronik.core.config.ConfigKeys;
import io.chronik.core.config.PropertiesTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Configuration through the launcher: the shipped file, the environment and {@code --set}. */
@Timeout(120)
class ConfigIT {

    private final Distribution dist = Distribution.built();

    @TempDir
    Path work;

    @Test
    void theShippedPropertiesFileDocumentsEveryKey() throws IOException {
        String shipped = Files.readString(dist.home().resolve("conf/chronik.properties"));

        for (ConfigKey<?> key : ConfigKeys.ALL) {
            assertThat(shipped).contains("\n#" + key.name() + "=");
        }
        assertThat(shipped).isEqualTo(PropertiesTemplate.render());
    }

    @Test
    void theReadmeTableListsEveryKey() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));

        for (ConfigKey<?> key : ConfigKeys.ALL) {
            assertThat(readme).contains("\n| `" + key.name() + "` |");
        }
    }

    @Test
    void zeroConfigUsesTheDefaultsAndTheInstallationsPluginsDirectory() {
        Distribution.Result result = dist.run(work, Map.of(), "config");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("node.id=1\n", "data.dir=./data\n", "kafka.listener=127.0.0.1:9092\n",
                "cluster.voters=1@127.0.0.1:9093\n", "wal.provider=disruptor\n",
                "plugins.dir=" + dist.home().resolve("plugins") + "\n");
    }

    @Test
    void environmentAndSetOverrideTheFile() throws IOException {
        Path file = work.resolve("my.properties");
        Files.writeString(file, "node.id=2\nwal.flush.policy=none\nkafka.listener=127.0.0.1:19092\n");

        Distribution.Result result = dist.run(work, Map.of("CHRONIK_NODE_ID", "7"), "config",
                "--config", file.toString(), "--set", "wal.flush.policy=interval:25");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("node.id=7\n", "wal.flush.policy=interval:25\n",
                "kafka.listener=127.0.0.1:19092\n", "kafka.advertised.listener=127.0.0.1:19092\n");
    }

    @Test
    void anUnknownKeyStopsWithOneLineNamingIt() {
        Distribution.Result result = dist.run(work, Map.of(), "run", "--set", "kafka.listner=127.0.0.1:1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("chronik: config key 'kafka.listner': unknown key (from --set);"
                + " did you mean kafka.listener?\n");
        assertThat(work.resolve("data")).doesNotExist();
    }

    @Test
    void aBadValueStopsWithOneLineNamingTheKeyAndItsSource() {
        Distribution.Result result = dist.run(work, Map.of("CHRONIK_WAL_SEGMENT_BYTES", "lots"), "run");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("chronik: config key 'wal.segment.bytes': 'lots' is not a whole number"
                + " (from environment variable CHRONIK_WAL_SEGMENT_BYTES)\n");
    }

    @Test
    void aMisspeltEnvironmentVariableIsAnError() {
        Distribution.Result result = dist.run(work, Map.of("CHRONIK_NODEID", "3"), "config");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("CHRONIK_NODEID maps to no configuration key");
    }

    @Test
    void anExplicitConfigFileMustExist() {
        Distribution.Result result = dist.run(work, Map.of(), "run", "--config", "nope.properties");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("chronik: config file nope.properties does not exist\n");
    }
}
