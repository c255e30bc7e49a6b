package io.chronik.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.core.node.ChronikVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        Main main = new Main(env, Optional.of(home), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return main.execute(List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertThat(run(Map.of(), "version")).isZero();
        assertThat(out()).isEqualTo("chronik " + ChronikVersion.current() + System.lineSeparator());
        assertThat(ChronikVersion.current()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void pluginsListsEveryProviderAndMarksTheSelectedOnes() {
        assertThat(run(Map.of(), "plugins", "--set", "wal.provider=test-memory")).isZero();

        assertThat(out()).containsPattern("(?m)^SPI +NAME +VERSION +ACTIVE +SOURCE$")
                .containsPattern("(?m)^wal +test-memory +\\S+ +yes +built-in$")
                .containsPattern("(?m)^replication +test-socket +\\S+ +no +built-in$")
                .containsPattern("(?m)^console +test-console +\\S+ +yes +built-in$");
    }

    @Test
    void configPrintsTheEffectiveValuesFromFileEnvironmentAndSet() throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/chronik.properties"), "node.id=2\nwal.flush.policy=none\n");

        assertThat(run(Map.of("CHRONIK_WAL_FLUSH_POLICY", "interval:10"), "config", "--set", "console.enabled=false"))
                .isZero();

        assertThat(out()).contains("node.id=2\n").contains("wal.flush.policy=interval:10\n")
                .contains("console.enabled=false\n").contains("plugins.dir=" + home.resolve("plugins") + "\n");
    }

    @Test
    void configErrorsPrintOneLineNamingTheKey() {
        assertThat(run(Map.of(), "config", "--set", "node.id=-1")).isEqualTo(Main.STARTUP_FAILED);
        assertThat(err()).startsWith("chronik: config key 'node.id': -1 is outside").hasLineCount(1);
    }

    @Test
    void anExplicitConfigFileMustExist() {
        assertThat(run(Map.of(), "config", "--config", home.resolve("missing.properties").toString()))
                .isEqualTo(Main.STARTUP_FAILED);
        assertThat(err()).contains("missing.properties does not exist").hasLineCount(1);
    }

    @Test
    void runFailsCleanlyWhenTheSelectedProviderIsMissing() {
        assertThat(run(Map.of(), "run", "--set", "data.dir=" + home.resolve("data"), "--set", "wal.provider=nope"))
                .isEqualTo(Main.STARTUP_FAILED);
        assertThat(err()).startsWith("chronik: wal.provider=nope: no wal provider named 'nope'").hasLineCount(1);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run(Map.of())).isEqualTo(Main.USAGE);
        assertThat(run(Map.of(), "fly")).isEqualTo(Main.USAGE);
        assertThat(run(Map.of(), "run", "--bogus")).isEqualTo(Main.USAGE);
        assertThat(err()).contains("unknown command 'fly'").contains("unexpected argument '--bogus'");
    }
}
