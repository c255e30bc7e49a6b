package io.chronik.spi.loader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes plugin directories for tests: {@code plugins/<name>/} with a {@code plugin.properties} and
 * jars compiled at test time by {@link TestJar}. The plugins implement the forwarding SPI with a
 * loopback forwarder (it hands each request to the node's own handler), small enough to be real.
 */
final class TestPlugins {

    private final Path pluginsDir;
    private final Path scratch;

    /** Plugins under {@code root/plugins}; sources and classes are staged under {@code root/build}. */
    TestPlugins(Path root) {
        this.pluginsDir = root.resolve("plugins");
        this.scratch = root.resolve("build");
    }

    Path pluginsDir() {
        return pluginsDir;
    }

    Path dir(String name) {
        return pluginsDir.resolve(name);
    }

    /** A fresh jar builder whose staging stays out of the plugins directory. */
    TestJar jar() throws IOException {
        return TestJar.in(scratch);
    }

    /** Writes {@code plugins/<dir>/plugin.properties} with exactly {@code text}. */
    Path descriptorText(String dir, String text) throws IOException {
        Files.createDirectories(dir(dir));
        return Files.writeString(dir(dir).resolve(PluginDescriptor.FILE_NAME), text);
    }

    /** Writes a well-formed descriptor. */
    Path descriptor(String dir, String name, String version, int spiVersion, String module) throws IOException {
        return descriptorText(dir, "name=" + name + "\nversion=" + version + "\nspi.version=" + spiVersion
                + "\nmodule=" + module + "\n");
    }

    /**
     * A complete modular plugin: descriptor plus {@code <module>.jar} holding one forwarding provider.
     *
     * @param dir          the directory name, also the plugin name
     * @param module       the module name, also the provider's package
     * @param providerName what the provider's {@code name()} returns
     * @param spiVersion   what the provider's {@code spiVersion()} returns
     */
    Path modularForwarder(String dir, String module, String providerName, int spiVersion) throws IOException {
        descriptor(dir, dir, "1.0", 1, module);
        return modularForwarderJar(dir, module, providerName, spiVersion);
    }

    /** Just the jar of {@link #modularForwarder}, for tests that write their own descriptor. */
    Path modularForwarderJar(String dir, String module, String providerName, int spiVersion) throws IOException {
        return jar().source("module-info.java", moduleInfo(module, ""))
                .source(module.replace('.', '/') + "/LoopbackProvider.java",
                        loopbackProvider(module, '"' + providerName + '"', spiVersion))
                .writeTo(dir(dir).resolve(module + ".jar"));
    }

    /**
     * A non-modular jar (not yet written) holding {@code <pkg>.LoopbackProvider} as a forwarding provider
     * named {@code providerName}, declared in {@code META-INF/services}.
     */
    TestJar nonModularForwarder(String pkg, String providerName) throws IOException {
        return jar().source(pkg.replace('.', '/') + "/LoopbackProvider.java",
                        loopbackProvider(pkg, '"' + providerName + '"', 1))
                .entry("META-INF/services/io.chronik.spi.forwarding.LeaderForwarderProvider",
                        pkg + ".LoopbackProvider\n");
    }

    /**
     * A {@code module-info.java} requiring the SPI (and {@code extraRequires}, e.g. {@code "requires x;"})
     * that provides {@code <module>.LoopbackProvider} as a forwarding provider.
     */
    static String moduleInfo(String module, String extraRequires) {
        return "module " + module + " {\n"
                + "    requires io.chronik.spi;\n"
                + "    " + extraRequires + "\n"
                + "    provides io.chronik.spi.forwarding.LeaderForwarderProvider with " + module + ".LoopbackProvider;\n"
                + "}\n";
    }

    /**
     * Source of {@code <pkg>.LoopbackProvider}: a forwarding provider whose forwarder answers every
     * request with the node's own handler and reports the configured listen address.
     *
     * @param nameExpression the Java expression {@code name()} returns
     */
    static String loopbackProvider(String pkg, String nameExpression, int spiVersion) {
        return "package " + pkg + ";\n"
                + "import io.chronik.spi.forwarding.*;\n"
                + "import java.net.InetSocketAddress;\n"
                + "import java.nio.ByteBuffer;\n"
                + "import java.time.Duration;\n"
                + "import java.util.concurrent.CompletableFuture;\n"
                + "public final class LoopbackProvider implements LeaderForwarderProvider {\n"
                + "    public String name() { return " + nameExpression + "; }\n"
                + "    public int spiVersion() { return " + spiVersion + "; }\n"
                + "    public LeaderForwarder create(LeaderForwarderConfig config, LeaderForwarderContext context) {\n"
                + "        return new LeaderForwarder() {\n"
                + "            public CompletableFuture<ByteBuffer> forward(int nodeId, ByteBuffer request, Duration timeout) {\n"
                + "                return context.handler().handle(config.nodeId(), request);\n"
                + "            }\n"
                + "            public InetSocketAddress localAddress() { return config.listen(); }\n"
                + "            public void close() { }\n"
                + "        };\n"
                + "    }\n"
                + "}\n";
    }
}
