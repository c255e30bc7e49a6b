package io.chronik.dist;

import io.chronik.dist.fakeconsole.FakeConsoleProvider;
import io.chronik.dist.fakes.FakeForwarderProvider;
import io.chronik.dist.fakes.FakeTransportProvider;
import io.chronik.dist.fakes.FakeWalProvider;
import io.chronik.spi.console.ConsoleProvider;
import io.chronik.spi.forwarding.LeaderForwarderProvider;
import io.chronik.spi.replication.ReplicationTransportProvider;
import io.chronik.spi.wal.WalProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A copy of the built distribution with test plugins added the way real ones are packaged: a jar of
 * WAL, transport and forwarder providers in {@code lib/} (an automatic module whose providers come
 * from {@code META-INF/services}) and a console provider jar in {@code lib/console/} (class path).
 * Lets the launcher and the node's lifecycle be tested without the real plugins.
 */
final class TestPluginDistribution {

    /**
     * {@code --set} arguments selecting the test transport and forwarder (the real WAL stays: the Kafka
     * broker needs one that stores logs), every listener on a free port.
     */
    static final String[] SELECT_TEST_PLUGINS = {"--set", "replication.provider=it-transport", "--set", "forwarding.provider=it-forwarder",
            "--set", "kafka.listener=127.0.0.1:0", "--set", "replication.listener=127.0.0.1:0",
            "--set", "forwarding.listener=127.0.0.1:0", "--set", "console.listener=127.0.0.1:0", "--set", "console.provider=it-console"};

    private TestPluginDistribution() {
    }

    /** {@code command} followed by {@link #SELECT_TEST_PLUGINS}. */
    static String[] command(String command) {
        String[] args = new String[1 + SELECT_TEST_PLUGINS.length];
        args[0] = command;
        System.arraycopy(SELECT_TEST_PLUGINS, 0, args, 1, SELECT_TEST_PLUGINS.length);
        return args;
    }

    /** Copies the built distribution into {@code dir}/chronik and adds the test plugins. */
    static Distribution create(Path dir) throws IOException {
        Path home = Distribution.built().copyTo(dir.resolve("chronik")).home();
        Path classes = Path.of(System.getProperty("chronik.test.classes"));
        writeJar(home.resolve("lib/chronik-it-fakes.jar"), classes, "io/chronik/dist/fakes/", Map.of(
                WalProvider.class, FakeWalProvider.class,
                ReplicationTransportProvider.class, FakeTransportProvider.class,
                LeaderForwarderProvider.class, FakeForwarderProvider.class));
        writeJar(home.resolve("lib/console/chronik-it-console.jar"), classes, "io/chronik/dist/fakeconsole/",
                Map.of(ConsoleProvider.class, FakeConsoleProvider.class));
        return new Distribution(home);
    }

    /** A jar of the classes under {@code packageDir} with a service file per SPI. */
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
                out.write((service.getValue().getName() + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }
}
