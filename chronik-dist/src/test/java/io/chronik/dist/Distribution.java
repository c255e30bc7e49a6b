package io.chronik.dist;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An unpacked distribution under test, and the {@code bin/chronik} processes the tests start from it.
 * Each process runs in a working directory of the test's choosing, with {@code CHRONIK_*} variables
 * of the surrounding environment removed (so a developer's settings cannot change a result) and the
 * test's own added; its stdout and stderr go to files in that directory.
 *
 * @param home the distribution's root directory
 */
record Distribution(Path home) {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The distribution the build assembled ({@code -Dchronik.dist}, set by the pom). */
    static Distribution built() {
        String dist = System.getProperty("chronik.dist");
        if (dist == null) {
            throw new IllegalStateException("system property chronik.dist is not set; run the tests with failsafe");
        }
        return new Distribution(Path.of(dist));
    }

    /** The project version the distribution was built from. */
    static String version() {
        return System.getProperty("chronik.version");
    }

    /**
     * Copies this distribution to {@code home} as a fresh installation a test may change: file modes are
     * kept (bin/chronik stays executable), while what earlier runs left behind (logs, pid and data-dir
     * files, bin/chronik-cluster's nodes) is not.
     */
    Distribution copyTo(Path home) throws IOException {
        copyTree(this.home, home);
        return new Distribution(home);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.filter(path -> !isRunLeftover(from.relativize(path))).forEach(path -> {
                try {
                    Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static boolean isRunLeftover(Path relative) {
        return (relative.getNameCount() > 1 && Set.of("logs", "cluster").contains(relative.getName(0).toString()))
                || relative.getFileName().toString().endsWith(".pid")
                || relative.getFileName().toString().endsWith(".data-dir");
    }

    /**
     * Copies the plugin directory an example's build produced, named by system property
     * {@code property} (set by the pom), to {@code target} (a directory under {@code plugins/}).
     */
    static void installPlugin(String property, Path target) throws IOException {
        Path built = Path.of(System.getProperty(property));
        if (!Files.isRegularFile(built.resolve("plugin.properties"))) {
            throw new IllegalStateException("the example plugin is not built at " + built);
        }
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(built)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        }
    }

    /** Starts {@code bin/chronik args...} in {@code workDir}. */
    ChronikProcess start(Path workDir, Map<String, String> env, String... args) {
        return startScript("chronik", workDir, env, args);
    }

    /** Starts {@code bin/<script> args...} in {@code workDir}. */
    ChronikProcess startScript(String script, Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve(script).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CHRONIK_"));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "stdout-", ".txt");
            Path err = Files.createTempFile(workDir, "stderr-", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            return new ChronikProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code bin/chronik args...} in {@code workDir} to completion. */
    Result run(Path workDir, Map<String, String> env, String... args) {
        return runScript("chronik", workDir, env, args);
    }

    /** Runs {@code bin/<script> args...} in {@code workDir} to completion. */
    Result runScript(String script, Path workDir, Map<String, String> env, String... args) {
        ChronikProcess process = startScript(script, workDir, env, args);
        int exit = process.waitFor();
        return new Result(exit, process.stdout(), process.stderr());
    }

    /** A finished command. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** A running {@code bin/chronik}; the launcher execs java, so this is the node's JVM itself. */
    record ChronikProcess(Process process, Path out, Path err) implements AutoCloseable {

        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits until stdout contains {@code text}, failing early if the process exits first. */
        void awaitStdout(String text) {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive() && !stdout().contains(text)) {
                    throw new AssertionError("exited with " + process.exitValue() + " before printing '" + text
                            + "'\nstdout:\n" + stdout() + "\nstderr:\n" + stderr());
                }
                return stdout().contains(text);
            });
        }

        /** Sends SIGTERM (what {@code kill} and service managers send) and waits for the exit code. */
        int terminate() {
            process.destroy();
            return waitFor();
        }

        /** Kills the process if a test left it running (e.g. after a failed assertion). */
        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
                waitFor();
            }
        }

        int waitFor() {
            try {
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("still running after " + TIMEOUT + "\nstdout:\n" + stdout());
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
