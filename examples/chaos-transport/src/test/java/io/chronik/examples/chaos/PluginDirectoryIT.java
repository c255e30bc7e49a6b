package io.chronik.examples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin directory {@code package} built, {@code target/plugin/chaos/}, loads the way a node loads
 * it: in a forked JVM with the node's modules on the module path, through {@code PluginLoader} into a
 * layer of its own, where chaos finds the built-in {@code tcp} in the parent layer and carries a
 * message (see {@link PluginDirectoryProbe}).
 */
@Timeout(120)
class PluginDirectoryIT {

    /** What the node side consists of here: the SPI and API, tcp, and their libraries. */
    private static final List<String> HOST_MODULES = List.of("chronik-spi", "chronik-api", "chronik-replication-tcp", "chronik-tcp-common",
            "micrometer-", "HdrHistogram", "LatencyUtils", "jspecify", "slf4j-api");

    @Test
    void builtPluginDirectoryLoadsIntoItsOwnLayerAndCarriesMessagesOverTcp(@TempDir Path scratch)
            throws IOException, InterruptedException, URISyntaxException {
        Path plugins = Files.createDirectories(scratch.resolve("plugins"));
        copyTree(Path.of("target", "plugin", "chaos"), plugins.resolve("chaos"));
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String modulePath = classPath.stream().filter(entry -> HOST_MODULES.stream().anyMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
        String probePath = String.join(File.pathSeparator,
                Path.of(PluginDirectoryProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                classPath.stream().filter(entry -> entry.contains("chronik-test-fixtures")).findFirst().orElseThrow());

        Path output = scratch.resolve("probe.out");
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "--add-modules", "ALL-MODULE-PATH",
                "-cp", probePath, PluginDirectoryProbe.class.getName(), plugins.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean exited = probe.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            probe.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(exited).as("probe finished; it printed:%n%s", printed).isTrue();
        assertThat(probe.exitValue()).as("probe exit code; it printed:%n%s", printed).isZero();
        assertThat(printed).contains("from " + plugins.resolve("chaos"))
                .contains("in module io.chronik.examples.chaos (plugin layer)")
                .contains("node 2 received 'hello' from node 1");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        assertThat(from.resolve("plugin.properties")).as("package built %s", from).exists();
        Files.createDirectories(to);
        List<Path> files = new ArrayList<>();
        try (var listing = Files.list(from)) {
            listing.forEach(files::add);
        }
        for (Path file : files) {
            Files.copy(file, to.resolve(file.getFileName()));
        }
    }
}
