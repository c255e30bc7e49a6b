package io.chronik.spi.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the loader in a forked JVM, for what the test JVM's own boot layer cannot show: a built-in
 * provider on the module path next to plugin directories, and {@code io.chronik.spi} on the class path.
 *
 * <p>The fork's main class is a probe compiled at test time: it calls {@link PluginLoader#load} on the
 * directory given as argument and prints every provider and problem, or {@code error: <message>} and
 * exits with 2 when the load fails. It runs like the node: {@code java -p ... -m chronik.probe/probe.Probe},
 * or with everything on the class path ({@code java -cp ... probe.Probe}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PluginLoaderLaunchTest {

    private static final String PROBE = "package probe;\n"
            + "import io.chronik.spi.PluginException;\n"
            + "import io.chronik.spi.loader.*;\n"
            + "import java.nio.file.Path;\n"
            + "public final class Probe {\n"
            + "    public static void main(String[] args) {\n"
            + "        try {\n"
            + "            PluginRegistry registry = PluginLoader.load(Path.of(args[0]), \"9.9\");\n"
            + "            for (SpiType<?> spi : SpiType.ALL) {\n"
            + "                for (DiscoveredProvider<?> p : registry.providers(spi)) {\n"
            + "                    System.out.println(spi.id() + \" \" + p.name() + \" \" + p.version() + \" \" + p.source());\n"
            + "                }\n"
            + "            }\n"
            + "            for (PluginProblem problem : registry.problems()) {\n"
            + "                System.out.println(\"problem \" + problem.source() + \": \" + problem.message());\n"
            + "            }\n"
            + "        } catch (PluginException e) {\n"
            + "            System.out.println(\"error: \" + e.getMessage());\n"
            + "            System.exit(2);\n"
            + "        }\n"
            + "    }\n"
            + "}\n";

    @TempDir
    Path root;

    private TestPlugins plugins;
    private Path probe;

    @BeforeEach
    void setUp() throws IOException {
        plugins = new TestPlugins(root);
        probe = plugins.jar()
                .source("module-info.java", "module chronik.probe { requires io.chronik.spi; }")
                .source("probe/Probe.java", PROBE)
                .writeTo(root.resolve("lib").resolve("probe.jar"));
    }

    @Test
    void pluginProvidersComeNextToBuiltInsOnTheModulePath() throws Exception {
        Path builtIn = builtInForwarder("builtin");
        plugins.modularForwarder("hello", "com.example.hello", "hello", 1);

        Launch launch = onModulePath(builtIn);

        assertThat(launch.output()).containsExactly(
                "forwarding builtin 9.9 built-in",
                "forwarding hello 1.0 " + plugins.dir("hello"));
        assertThat(launch.exitCode()).isZero();
    }

    @Test
    void aPluginProviderNamedLikeABuiltInFailsTheLoad() throws Exception {
        Path builtIn = builtInForwarder("dup");
        plugins.modularForwarder("shadow", "com.example.shadow", "dup", 1);

        Launch launch = onModulePath(builtIn);

        assertThat(launch.exitCode()).isEqualTo(2);
        assertThat(launch.output()).singleElement().asString()
                .startsWith("error: two forwarding providers are named 'dup'")
                .contains("com.example.builtin.LoopbackProvider from built-in")
                .contains("com.example.shadow.LoopbackProvider from " + plugins.dir("shadow"));
    }

    @Test
    void pluginDirectoriesWithTheSpiOnTheClassPathFailClearly() throws Exception {
        plugins.modularForwarder("hello", "com.example.hello", "hello", 1);
        List<Path> classPath = new ArrayList<>(TestJar.hostModulePath());
        classPath.add(probe);

        Launch launch = launch(List.of("-cp", joined(classPath), "probe.Probe", plugins.pluginsDir().toString()));

        assertThat(launch.exitCode()).isEqualTo(2);
        assertThat(launch.output()).singleElement().asString()
                .startsWith("error: plugins in " + plugins.pluginsDir() + " need the node on the module path")
                .contains("io.chronik.spi was loaded from the class path");
    }

    /** A built-in module {@code com.example.builtin} providing a forwarder named {@code name}. */
    private Path builtInForwarder(String name) throws IOException {
        return plugins.jar()
                .source("module-info.java", TestPlugins.moduleInfo("com.example.builtin", ""))
                .source("com/example/builtin/LoopbackProvider.java",
                        TestPlugins.loopbackProvider("com.example.builtin", '"' + name + '"', 1))
                .writeTo(root.resolve("lib").resolve("builtin.jar"));
    }

    private Launch onModulePath(Path builtIn) throws IOException, InterruptedException {
        List<Path> modulePath = new ArrayList<>(TestJar.hostModulePath());
        modulePath.add(probe);
        modulePath.add(builtIn);
        return launch(List.of("-p", joined(modulePath), "-m", "chronik.probe/probe.Probe",
                plugins.pluginsDir().toString()));
    }

    private static Launch launch(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("probe did not exit: " + output);
        }
        return new Launch(process.exitValue(), output.lines().collect(Collectors.toList()));
    }

    private static String joined(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** What the probe printed, line by line, and how it exited. */
    private record Launch(int exitCode, List<String> output) {
    }
}
