package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.dist.fakeconsole.FakeConsoleProvider;
import io.chronik.dist.fakes.FakeForwarderProvider;
import io.chronik.dist.fakes.FakeTransportProvider;
import io.chronik.dist.fakes.FakeWalProvider;
import io.chronik.spi.console.ConsoleProvider;
import io.chronik.spi.forwarding.LeaderForwarderProvider;
import io.chronik.spi.replication.ReplicationTransportProvider;
import io.chronik.spi.wal.WalProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
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
     * The built-in providers the distribution ships. Filled when the plugin modules (WAL, transport,
     * forwarder) are merged into this build; until then those modules are empty.
     */
    static final List<BuiltIn> EXPECTED_BUILT_INS = List.of();

    @TempDir
    static Path scratch;

    /** A copy of the distribution with test plugins added: three on the module path, a console on the class path. */
    static Distribution withTestPlugins;

    @TempDir
    Path work;

    @BeforeAll
    static void addTestPlugins() throws IOException {
        Path home = scratch.resolve("chronik");
        copyTree(Distribution.built().home(), home);
        Path classes = Path.of(System.getProperty("chronik.test.classes"));
        writeJar(home.resolve("lib/chronik-it-fakes.jar"), classes, "io/chronik/dist/fakes/", Map.of(
                WalProvider.class, FakeWalProvider.class,
                ReplicationTransportProvider.class, FakeTransportProvider.class,
                LeaderForwarderProvider.class, FakeForwarderProvider.class));
        writeJar(home.resolve("lib/console/chronik-it-console.jar"), classes, "io/chronik/dist/fakeconsole/",
                Map.of(ConsoleProvider.class, FakeConsoleProvider.class));
        withTestPlugins = new Distribution(home);
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
        Distribution.Result result = withTestPlugins.run(work, Map.of("CHRONIK_WAL_PROVIDER", "it-wal"), "plugins");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).containsPattern("(?m)^wal +it-wal +\\S+ +yes +built-in$")
                .containsPattern("(?m)^replication +it-transport +\\S+ +no +built-in$")
                .containsPattern("(?m)^forwarding +it-forwarder +\\S+ +no +built-in$")
                .containsPattern("(?m)^console +it-console +\\S+ +yes +built-in$");
    }

    @Test
    void runsANodeWithTheSelectedPluginsUntilSigterm() {
        try (Distribution.ChronikProcess node = withTestPlugins.start(work, Map.of(), "run",
                "--set", "wal.provider=it-wal", "--set", "replication.provider=it-transport",
                "--set", "forwarding.provider=it-forwarder", "--set", "kafka.listener=127.0.0.1:0",
                "--set", "replication.listener=127.0.0.1:0", "--set", "forwarding.listener=127.0.0.1:0",
                "--set", "console.listener=127.0.0.1:0")) {
            node.awaitStdout("started;");

            assertThat(node.stdout()).contains("wal provider: it-wal").contains("console provider: it-console")
                    .containsPattern("console 127\\.0\\.0\\.1:[1-9]\\d*,")
                    .contains("providers wal=it-wal, replication=it-transport, forwarding=it-forwarder,"
                            + " console=it-console");
            assertThat(work.resolve("data/wal")).isDirectory();

            assertThat(node.terminate()).isEqualTo(143);
            assertThat(node.stdout()).contains("node 1 stopped");
        }
    }

    private static void writeJar(Path jar, Path classes, String packageDir, Map<Class<?>, Class<?>> services)
            throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes.resolve(packageDir))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            for (Map.Entry<Class<?>, Class<?>> service : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + service.getKey().getName()));
                writeLine(out, service.getValue().getName());
                out.closeEntry();
            }
        }
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(path -> {
                try {
                    Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
