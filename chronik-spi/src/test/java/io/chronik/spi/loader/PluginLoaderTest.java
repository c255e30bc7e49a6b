package io.chronik.spi.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.FaultReporter;
import io.chronik.spi.PluginException;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.PluginProvider;
import io.chronik.spi.Time;
import io.chronik.spi.forwarding.ForwardedRequestHandler;
import io.chronik.spi.forwarding.LeaderForwarder;
import io.chronik.spi.forwarding.LeaderForwarderConfig;
import io.chronik.spi.forwarding.LeaderForwarderContext;
import io.chronik.spi.forwarding.LeaderForwarderProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads real plugin directories whose jars are compiled at test time.
 *
 * <p>Plugin layers have the layer holding {@code io.chronik.spi} as parent, so these tests only mean
 * something with {@code io.chronik.spi} as a named module in the boot layer, as in a node started on
 * the module path. The module's {@code pom.xml} therefore runs surefire with {@code useModulePath=true}:
 * the main classes are the {@code io.chronik.spi} module and the test classes are patched into it.
 * What needs a different boot layer (a built-in provider, the class path) is in {@link PluginLoaderLaunchTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PluginLoaderTest {

    @TempDir
    Path root;

    private TestPlugins plugins;

    @BeforeEach
    void setUp() {
        plugins = new TestPlugins(root);
    }

    @Test
    void testsRunWithTheSpiAsANamedBootModule() {
        assertThat(PluginLoader.class.getModule().isNamed()).isTrue();
        assertThat(PluginLoader.class.getModule().getLayer()).isSameAs(ModuleLayer.boot());
    }

    @Test
    void aMissingPluginsDirectoryMeansOnlyBuiltIns() {
        PluginRegistry registry = PluginLoader.load(root.resolve("nowhere"), "9.9");

        assertThat(registry.problems()).isEmpty();
        assertThat(registry.providers(SpiType.FORWARDING)).isEmpty();
    }

    @Test
    void loadsAModularPluginWithADependencyIntoItsOwnLayer() throws IOException {
        Path greeting = plugins.jar()
                .source("module-info.java", "module com.example.greeting { exports com.example.greeting; }")
                .source("com/example/greeting/Greeting.java",
                        "package com.example.greeting; public final class Greeting {"
                                + " public static String providerName() { return \"hello\"; } }")
                .writeTo(plugins.dir("hello").resolve("greeting-2.0.jar"));
        plugins.jar()
                .compileAgainst(greeting)
                .source("module-info.java", TestPlugins.moduleInfo("com.example.hello", "requires com.example.greeting;"))
                .source("com/example/hello/LoopbackProvider.java", TestPlugins.loopbackProvider(
                        "com.example.hello", "com.example.greeting.Greeting.providerName()", 1))
                .writeTo(plugins.dir("hello").resolve("hello-1.2.0.jar"));
        plugins.descriptor("hello", "hello", "1.2.0", 1, "com.example.hello");

        PluginRegistry registry = PluginLoader.load(plugins.pluginsDir(), "9.9");

        assertThat(registry.problems()).isEmpty();
        DiscoveredProvider<LeaderForwarderProvider> hello = registry.select(SpiType.FORWARDING, "hello");
        assertThat(hello.version()).isEqualTo("1.2.0");
        assertThat(hello.source()).isEqualTo(plugins.dir("hello").toString());
        assertThat(hello.provider().spiVersion()).isEqualTo(LeaderForwarderProvider.SPI_VERSION);
        Module module = hello.provider().getClass().getModule();
        assertThat(module.getName()).isEqualTo("com.example.hello");
        assertThat(module.getDescriptor().isAutomatic()).isFalse();
        assertThat(module.getLayer()).isNotSameAs(ModuleLayer.boot());
        assertThat(module.getLayer().parents()).containsExactly(ModuleLayer.boot());
        assertThat(module.getLayer().findModule("com.example.greeting")).isPresent();
        assertThat(registry.describe(Map.of(SpiType.FORWARDING, "hello"))).singleElement()
                .satisfies(info -> {
                    assertThat(info.spi()).isEqualTo("forwarding");
                    assertThat(info.name()).isEqualTo("hello");
                    assertThat(info.active()).isTrue();
                });
    }

    @Test
    void aLoadedPluginCreatesAWorkingInstance() throws Exception {
        plugins.modularForwarder("loopback", "com.example.loopback", "loopback", 1);
        LeaderForwarderProvider provider =
                PluginLoader.load(plugins.pluginsDir(), "9.9").select(SpiType.FORWARDING, "loopback").provider();
        InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
        LeaderForwarderConfig config = new LeaderForwarderConfig(7, "cluster-a", listen, Map.of(), 1024,
                PluginProperties.empty("forwarding.loopback."));
        ForwardedRequestHandler echoWithSender = (fromNode, request) -> CompletableFuture.completedFuture(
                ByteBuffer.wrap(("from " + fromNode + ": " + StandardCharsets.UTF_8.decode(request))
                        .getBytes(StandardCharsets.UTF_8)));

        try (LeaderForwarder forwarder = provider.create(config, new HandlerContext(echoWithSender))) {
            ByteBuffer response = forwarder.forward(1, ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)),
                    Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);

            assertThat(StandardCharsets.UTF_8.decode(response).toString()).isEqualTo("from 7: ping");
            assertThat(forwarder.localAddress()).isEqualTo(listen);
        }
    }

    @Test
    void loadsANonModularPluginAsAnAutomaticModule() throws IOException {
        plugins.nonModularForwarder("com.example.legacy", "legacy")
                .writeTo(plugins.dir("legacy").resolve("legacy-forwarder-3.1.jar"));
        plugins.descriptor("legacy", "legacy", "3.1", 1, "legacy.forwarder");

        PluginRegistry registry = PluginLoader.load(plugins.pluginsDir(), "9.9");

        assertThat(registry.problems()).isEmpty();
        DiscoveredProvider<LeaderForwarderProvider> legacy = registry.select(SpiType.FORWARDING, "legacy");
        assertThat(legacy.version()).isEqualTo("3.1");
        Module module = legacy.provider().getClass().getModule();
        assertThat(module.getName()).isEqualTo("legacy.forwarder");
        assertThat(module.getDescriptor().isAutomatic()).isTrue();
        assertThat(module.getLayer()).isNotSameAs(ModuleLayer.boot());
    }

    @Test
    void eachPluginDirectoryGetsItsOwnLayer() throws IOException {
        plugins.modularForwarder("one", "com.example.one", "one", 1);
        plugins.modularForwarder("two", "com.example.two", "two", 1);

        PluginRegistry registry = PluginLoader.load(plugins.pluginsDir(), "9.9");

        assertThat(registry.providers(SpiType.FORWARDING)).extracting(DiscoveredProvider::name)
                .containsExactly("one", "two");
        ModuleLayer one = layerOf(registry.select(SpiType.FORWARDING, "one").provider());
        ModuleLayer two = layerOf(registry.select(SpiType.FORWARDING, "two").provider());
        assertThat(one).isNotSameAs(two);
        assertThat(one.findModule("com.example.two")).isEmpty();
        assertThat(one.findLoader("com.example.one")).isNotSameAs(two.findLoader("com.example.two"));
    }

    @Test
    void twoPluginsMayBundleDifferentCopiesOfOneModule() throws IOException {
        for (String dir : List.of("one", "two")) {
            Path shared = plugins.jar()
                    .source("module-info.java", "module com.example.shared { exports com.example.shared; }")
                    .source("com/example/shared/Names.java", "package com.example.shared; public final class Names {"
                            + " public static String of(String base) { return base + \"-" + dir + "\"; } }")
                    .writeTo(plugins.dir(dir).resolve("shared.jar"));
            String module = "com.example." + dir;
            plugins.jar()
                    .compileAgainst(shared)
                    .source("module-info.java", TestPlugins.moduleInfo(module, "requires com.example.shared;"))
                    .source(module.replace('.', '/') + "/LoopbackProvider.java", TestPlugins.loopbackProvider(
                            module, "com.example.shared.Names.of(\"loop\")", 1))
                    .writeTo(plugins.dir(dir).resolve(dir + ".jar"));
            plugins.descriptor(dir, dir, "1", 1, module);
        }

        PluginRegistry registry = PluginLoader.load(plugins.pluginsDir(), "9.9");

        assertThat(registry.problems()).isEmpty();
        assertThat(registry.providers(SpiType.FORWARDING)).extracting(DiscoveredProvider::name)
                .containsExactly("loop-one", "loop-two");
    }

    @Test
    void aBundledCopyOfAHostLibraryNeverShadowsTheHostOne() throws IOException {
        plugins.nonModularForwarder("com.example.legacy", "legacy")
                .writeTo(plugins.dir("legacy").resolve("legacy.jar"));
        // An automatic module micrometer.core, as a plugin that bundles its dependencies would carry.
        plugins.jar()
                .entry("io/micrometer/core/instrument/MeterRegistry.class", classBytes(MeterRegistry.class))
                .writeTo(plugins.dir("legacy").resolve("micrometer-core-0.1.jar"));
        plugins.descriptor("legacy", "legacy", "1", 1, "legacy");

        PluginRegistry registry = PluginLoader.load(plugins.pluginsDir(), "9.9");

        assertThat(registry.problems()).isEmpty();
        ModuleLayer layer = layerOf(registry.select(SpiType.FORWARDING, "legacy").provider());
        assertThat(layer.findModule("micrometer.core")).get().isSameAs(MeterRegistry.class.getModule());
        assertThat(layer.configuration().modules()).extracting(module -> module.name()).containsExactly("legacy");
    }

    @Test
    void aPluginCannotReplaceAHostModule() throws IOException {
        plugins.jar()
                .entry("io/micrometer/core/instrument/MeterRegistry.class", classBytes(MeterRegistry.class))
                .writeTo(plugins.dir("meters").resolve("micrometer-core-0.1.jar"));
        plugins.descriptor("meters", "meters", "1", 1, "micrometer.core");

        assertThat(onlyProblem("meters")).contains("module 'micrometer.core' is already part of the node");
    }

    @Test
    void aJarThatIsNotAZipIsAProblem() throws IOException {
        plugins.modularForwarder("garbled", "com.example.garbled", "garbled", 1);
        Files.writeString(plugins.dir("garbled").resolve("broken.jar"), "not a zip file");

        assertThat(onlyProblem("garbled")).contains("broken.jar is not a usable module");
    }

    @Test
    void aBrokenUnselectedPluginIsSkippedWithAProblemNamingItsDirectory() throws IOException {
        plugins.modularForwarder("good", "com.example.good", "good", 1);
        plugins.descriptorText("broken", "name=broken\nversion=1\nspi.version=1\n");

        PluginRegistry registry = PluginLoader.load(plugins.pluginsDir(), "9.9");

        assertThat(registry.select(SpiType.FORWARDING, "good").source()).isEqualTo(plugins.dir("good").toString());
        assertThat(registry.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.source()).isEqualTo(plugins.dir("broken").toString());
            assertThat(problem.message()).contains("missing key 'module'");
        });
        assertThatThrownBy(registry::requireNoProblems).isInstanceOf(PluginException.class)
                .hasMessageContaining("plugin " + plugins.dir("broken") + " failed to load")
                .hasMessageContaining("missing key 'module'");
    }

    @Test
    void selectingAMissingProviderListsTheAvailableOnesAndEveryBrokenDirectory() throws IOException {
        plugins.modularForwarder("good", "com.example.good", "good", 1);
        plugins.modularForwarder("wanted", "com.example.wanted", "wanted", 2);

        PluginRegistry registry = PluginLoader.load(plugins.pluginsDir(), "9.9");

        assertThatThrownBy(() -> registry.select(SpiType.FORWARDING, "wanted"))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("forwarding.provider=wanted")
                .hasMessageContaining("available: good")
                .hasMessageContaining("plugin " + plugins.dir("wanted") + " failed to load")
                .hasMessageContaining("implements SPI version 2");
    }

    @Test
    void unknownDescriptorKeyIsAProblemNamingKeyAndFile() throws IOException {
        plugins.modularForwarderJar("typo", "com.example.typo", "typo", 1);
        plugins.descriptorText("typo", "name=typo\nversion=1\nspi.version=1\nmodule=com.example.typo\nmodul=x\n");

        assertThat(onlyProblem("typo")).contains("unknown key 'modul'")
                .contains(plugins.dir("typo").resolve("plugin.properties").toString());
    }

    @Test
    void nameDifferentFromTheDirectoryIsAProblem() throws IOException {
        plugins.modularForwarderJar("alpha", "com.example.alpha", "alpha", 1);
        plugins.descriptor("alpha", "beta", "1", 1, "com.example.alpha");

        assertThat(onlyProblem("alpha")).contains("name=beta does not match its directory 'alpha'");
    }

    @Test
    void missingDescriptorIsAProblem() throws IOException {
        plugins.modularForwarderJar("bare", "com.example.bare", "bare", 1);

        assertThat(onlyProblem("bare")).contains("plugin.properties: missing");
    }

    @Test
    void descriptorTargetingAnotherSpiVersionIsAProblem() throws IOException {
        plugins.modularForwarderJar("future", "com.example.future", "future", 1);
        plugins.descriptor("future", "future", "1", 2, "com.example.future");

        assertThat(onlyProblem("future")).contains("spi.version=2")
                .contains("com.example.future.LoopbackProvider implements the forwarding SPI, which is version 1");
    }

    @Test
    void providerReportingAnotherSpiVersionIsAProblem() throws IOException {
        plugins.modularForwarder("old", "com.example.old", "old", 3);

        assertThat(onlyProblem("old")).contains("forwarding provider 'old'").contains("implements SPI version 3");
    }

    @Test
    void moduleNamedInTheDescriptorMustBeAmongTheJars() throws IOException {
        plugins.modularForwarderJar("lost", "com.example.lost", "lost", 1);
        plugins.descriptor("lost", "lost", "1", 1, "com.example.elsewhere");

        assertThat(onlyProblem("lost")).contains("module 'com.example.elsewhere'")
                .contains("not defined by any jar").contains("com.example.lost");
    }

    @Test
    void unresolvableModulesAreAProblem() throws IOException {
        plugins.jar()
                .source("module-info.java", TestPlugins.moduleInfo("com.example.needy", "requires com.example.absent;"))
                .source("com/example/needy/LoopbackProvider.java",
                        TestPlugins.loopbackProvider("com.example.needy", "\"needy\"", 1))
                .compileAgainst(absentModule())
                .writeTo(plugins.dir("needy").resolve("needy.jar"));
        plugins.descriptor("needy", "needy", "1", 1, "com.example.needy");

        assertThat(onlyProblem("needy")).contains("do not resolve").contains("com.example.absent");
    }

    @Test
    void aJarBundlingTheSpiIsAProblem() throws IOException {
        plugins.nonModularForwarder("com.example.fat", "fat")
                .entry("io/chronik/spi/PluginProvider.class", classBytes(PluginProvider.class))
                .writeTo(plugins.dir("fat").resolve("fat-all.jar"));
        plugins.descriptor("fat", "fat", "1", 1, "fat.all");

        assertThat(onlyProblem("fat")).contains("fat-all.jar bundles classes of io.chronik.spi");
    }

    @Test
    void aJarThatIsTheApiModuleIsAProblem() throws IOException {
        plugins.modularForwarderJar("copy", "com.example.copy", "copy", 1);
        plugins.jar().source("module-info.java", "module io.chronik.api { }")
                .writeTo(plugins.dir("copy").resolve("chronik-api.jar"));
        plugins.descriptor("copy", "copy", "1", 1, "com.example.copy");

        assertThat(onlyProblem("copy")).contains("chronik-api.jar bundles module io.chronik.api");
    }

    @Test
    void aPluginWithoutProvidersIsAProblem() throws IOException {
        plugins.jar().source("module-info.java", "module com.example.empty { }")
                .writeTo(plugins.dir("empty").resolve("empty.jar"));
        plugins.descriptor("empty", "empty", "1", 1, "com.example.empty");

        assertThat(onlyProblem("empty")).contains("provides no Chronik provider");
    }

    @Test
    void aJarDirectlyInThePluginsDirectoryIsAProblem() throws IOException {
        plugins.modularForwarderJar("x", "com.example.x", "x", 1);
        Files.move(plugins.dir("x").resolve("com.example.x.jar"), plugins.pluginsDir().resolve("x.jar"));
        Files.delete(plugins.dir("x"));

        PluginRegistry registry = PluginLoader.load(plugins.pluginsDir(), "9.9");

        assertThat(registry.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.source()).isEqualTo(plugins.pluginsDir().resolve("x.jar").toString());
            assertThat(problem.message()).contains("put it in a plugin directory");
        });
    }

    @Test
    void twoPluginsProvidingTheSameNameFailTheLoad() throws IOException {
        plugins.modularForwarder("first", "com.example.first", "same", 1);
        plugins.modularForwarder("second", "com.example.second", "same", 1);

        assertThatThrownBy(() -> PluginLoader.load(plugins.pluginsDir(), "9.9"))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("two forwarding providers are named 'same'")
                .hasMessageContaining("com.example.first.LoopbackProvider from " + plugins.dir("first"))
                .hasMessageContaining("com.example.second.LoopbackProvider from " + plugins.dir("second"));
    }

    @Test
    void anInvalidProviderNameIsAProblem() throws IOException {
        plugins.modularForwarder("shouty", "com.example.shouty", "SHOUTY", 1);

        assertThat(onlyProblem("shouty")).contains("is named 'SHOUTY'").contains("[a-z0-9-]");
    }

    private String onlyProblem(String dir) {
        PluginRegistry registry = PluginLoader.load(plugins.pluginsDir(), "9.9");
        assertThat(registry.providers(SpiType.FORWARDING)).isEmpty();
        assertThat(registry.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.source()).isEqualTo(plugins.dir(dir).toString()));
        return registry.problems().get(0).message();
    }

    /** A module {@code com.example.absent} to compile against, deliberately left out of the plugin. */
    private Path absentModule() throws IOException {
        return plugins.jar().source("module-info.java", "module com.example.absent { }")
                .writeTo(root.resolve("elsewhere").resolve("absent.jar"));
    }

    private static byte[] classBytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static ModuleLayer layerOf(Object provider) {
        return provider.getClass().getModule().getLayer();
    }

    /**
     * The host side a forwarder needs: the handler under test, real clock, meters and threads.
     * ({@code io.chronik.testkit.TestPluginContext} cannot be used here: chronik-test-fixtures depends on this module.)
     */
    private static final class HandlerContext implements LeaderForwarderContext {
        private final ForwardedRequestHandler handler;
        private final MeterRegistry meters = new SimpleMeterRegistry();

        HandlerContext(ForwardedRequestHandler handler) {
            this.handler = handler;
        }

        @Override
        public ForwardedRequestHandler handler() {
            return handler;
        }

        @Override
        public Time time() {
            return Time.SYSTEM;
        }

        @Override
        public MeterRegistry meters() {
            return meters;
        }

        @Override
        public ThreadFactory threads(String role) {
            return Executors.defaultThreadFactory();
        }

        @Override
        public FaultReporter faults() {
            return (component, cause) -> {
                throw new AssertionError("unexpected fault in " + component, cause);
            };
        }
    }
}
