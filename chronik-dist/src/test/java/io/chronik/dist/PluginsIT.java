package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/chronik plugins}, and plugin discovery on the module path and the class path. */
@Timeout(120)
class PluginsIT {

    /** A provider the distribution must ship. */
    record BuiltIn(String spi, String name) {
    }

    /**
     * Every provider the distribution ships, the console's included: the test checks that exactly these
     * are listed, all active.
     */
    static final List<BuiltIn> EXPECTED_BUILT_INS = List.of(new BuiltIn("wal", "disruptor"),
            new BuiltIn("replication", "tcp"), new BuiltIn("forwarding", "tcp"), new BuiltIn("console", "web"));

    @TempDir
    static Path scratch;

    /** A copy of the distribution with test plugins: three on the module path, a console on the class path. */
    static Distribution withTestPlugins;

    @TempDir
    Path work;

    @BeforeAll
    static void addTestPlugins() throws IOException {
        withTestPlugins = TestPluginDistribution.create(scratch);
    }

    @Test
    void listsTheBuiltInProvidersAsActiveByDefault() {
        Distribution.Result result = Distribution.built().run(work, Map.of(), "plugins");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines.get(0)).matches("SPI +NAME +VERSION +ACTIVE +SOURCE");
        for (BuiltIn builtIn : EXPECTED_BUILT_INS) {
            assertThat(lines).anySatisfy(line -> assertThat(line).matches(builtIn.spi() + " +" + builtIn.name()
                    + " +" + Distribution.version().replace(".", "\\.") + " +yes +built-in"));
        }
        assertThat(lines).hasSize(1 + EXPECTED_BUILT_INS.size());
    }

    @Test
    void findsProvidersOnTheModulePathAndTheConsoleOnTheClassPath() {
        Distribution.Result result = withTestPlugins.run(work,
                Map.of("CHRONIK_WAL_PROVIDER", "it-wal", "CHRONIK_CONSOLE_PROVIDER", "it-console"), "plugins");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).containsPattern("(?m)^wal +it-wal +\\S+ +yes +built-in$")
                .containsPattern("(?m)^replication +it-transport +\\S+ +no +built-in$")
                .containsPattern("(?m)^forwarding +it-forwarder +\\S+ +no +built-in$")
                .containsPattern("(?m)^console +it-console +\\S+ +yes +built-in$");
    }

    @Test
    void runsANodeWithTheSelectedPluginsUntilSigterm() {
        try (Distribution.ChronikProcess node = withTestPlugins.start(work, Map.of(),
                TestPluginDistribution.command("run"))) {
            node.awaitStdout("started;");

            assertThat(node.stdout()).contains("wal provider: disruptor").contains("console provider: it-console")
                    .containsPattern("console 127\\.0\\.0\\.1:[1-9]\\d*,")
                    .contains("providers wal=disruptor, replication=it-transport, forwarding=it-forwarder,"
                            + " console=it-console");
            assertThat(work.resolve("data/wal")).isDirectory();

            assertThat(node.terminate()).isEqualTo(143);
            assertThat(node.stdout()).contains("node 1 stopped");
        }
    }
}
