package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class LauncherIT {

    private final Distribution dist = Distribution.built();

    @TempDir
    Path work;

    @Test
    void versionPrintsTheProjectVersion() {
        Distribution.Result result = dist.run(work, Map.of(), "version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("chronik " + Distribution.version() + "\n");
    }

    @Test
    void noCommandPrintsUsage() {
        Distribution.Result result = dist.run(work, Map.of());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("usage: chronik COMMAND")
                .contains("  run ", "  plugins ", "  config ", "  version ");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Distribution.Result result = dist.run(work, Map.of(), "fly");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("chronik: unknown command 'fly'");
    }

    @Test
    void refusesAJavaOlderThan17() throws IOException {
        Path fakeJavaHome = work.resolve("old-jdk");
        Path java = Files.createDirectories(fakeJavaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'Property settings:' >&2\n"
                + "echo '    java.specification.version = 11' >&2\necho 'openjdk version \"11.0.2\"' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Distribution.Result result = dist.run(work, Map.of("JAVA_HOME", fakeJavaHome.toString()), "version");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("Java 17 or newer is required").contains("is Java 11");
    }

    @Test
    void theModulePathHoldsValidModulesWithoutSplitPackages() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process validate = new ProcessBuilder(java.toString(), "--module-path", dist.home().resolve("lib").toString(),
                "--validate-modules").redirectErrorStream(true).start();
        String output = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // Silent and 0 when valid; a split package prints "contains p conflicts with module m" and fails.
        assertThat(validate.waitFor()).as(output).isZero();
        assertThat(output).isEmpty();
    }

    @Test
    void theClassPathHoldsNothingTheModulePathHasAlready() throws IOException {
        try (Stream<Path> modules = Files.list(dist.home().resolve("lib"));
             Stream<Path> console = Files.list(dist.home().resolve("lib/console"))) {
            List<String> moduleJars = modules.map(LauncherIT::artifact).toList();
            assertThat(console.map(LauncherIT::artifact)).isNotEmpty().doesNotContainAnyElementsOf(moduleJars);
        }
    }

    /** {@code kafka-clients-4.4.0.jar} -> {@code kafka-clients}. */
    private static String artifact(Path jar) {
        return jar.getFileName().toString().replaceFirst("-\\d[^-]*(-SNAPSHOT)?\\.jar$", "");
    }

    @Test
    void theZipHoldsTheSameLayoutUnderAVersionedDirectory() throws IOException {
        Path zip = dist.home().resolveSibling("chronik-" + Distribution.version() + ".zip");
        String root = "chronik-" + Distribution.version() + "/";

        try (ZipFile file = new ZipFile(zip.toFile())) {
            assertThat(file.stream().map(ZipEntry::getName)).contains(root + "bin/chronik",
                    root + "conf/chronik.properties", root + "conf/logback.xml", root + "plugins/README.md",
                    root + "lib/chronik-core-" + Distribution.version() + ".jar",
                    root + "lib/console/chronik-console-" + Distribution.version() + ".jar");
        }
    }
}
