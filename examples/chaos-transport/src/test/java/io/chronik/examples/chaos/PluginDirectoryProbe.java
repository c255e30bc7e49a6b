package io.chronik.examples.chaos;

import io.chronik.spi.FaultReporter;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.Time;
import io.chronik.spi.loader.DiscoveredProvider;
import io.chronik.spi.loader.PluginLoader;
import io.chronik.spi.loader.PluginRegistry;
import io.chronik.spi.loader.SpiType;
import io.chronik.spi.replication.InboundHandler;
import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.spi.replication.ReplicationTransportContext;
import io.chronik.spi.replication.ReplicationTransportProvider;
import io.chronik.testkit.Loopback;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link PluginDirectoryIT} in a JVM whose module path holds the node's side (SPI, API,
 * Micrometer, the {@code tcp} transport) and whose plugins directory holds the built
 * {@code target/plugin/chaos/}: loads it with the node's {@link PluginLoader}, starts two chaos nodes
 * over {@code tcp} and sends one message. Prints what it found; exits 1 on any failure.
 */
public final class PluginDirectoryProbe {

    private PluginDirectoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        PluginRegistry registry = PluginLoader.load(Path.of(args[0]), "probe");
        registry.requireNoProblems();
        DiscoveredProvider<ReplicationTransportProvider> chaos = registry.select(SpiType.REPLICATION, "chaos");
        Module module = chaos.provider().getClass().getModule();
        System.out.println("chaos " + chaos.version() + " from " + chaos.source() + " in module " + module.getName()
                + (module.getLayer() == ModuleLayer.boot() ? " (boot layer)" : " (plugin layer)"));

        CountDownLatch delivered = new CountDownLatch(1);
        InboundHandler inbound = (from, header, body) -> {
            System.out.println("node 2 received '" + StandardCharsets.UTF_8.decode(header) + "' from node " + from);
            delivered.countDown();
        };
        Map<Integer, InetSocketAddress> addresses = Loopback.addresses(2);
        try (ReplicationTransport two = chaos.provider().create(config(2, addresses), new Context(inbound));
             ReplicationTransport one = chaos.provider().create(config(1, addresses), new Context((f, h, b) -> { }))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!one.send(2, ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), Optional.empty())
                    || !delivered.await(100, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    System.out.println("not delivered within 20 s");
                    System.exit(1);
                }
            }
        }
    }

    /** Chaos adds 10 ms of delay over tcp. */
    private static ReplicationTransportConfig config(int nodeId, Map<Integer, InetSocketAddress> addresses) {
        return new ReplicationTransportConfig(nodeId, "probe", addresses.get(nodeId), Loopback.peers(nodeId, addresses),
                64 * 1024, new PluginProperties("replication.chaos.", Map.of("delegate", "tcp", "delay.ms", "10")));
    }

    /** The host services a node would pass, reduced to what a probe needs. */
    private record Context(InboundHandler inbound) implements ReplicationTransportContext {
        @Override
        public Time time() {
            return Time.SYSTEM;
        }

        @Override
        public MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }

        @Override
        public ThreadFactory threads(String role) {
            return runnable -> {
                Thread thread = new Thread(runnable, "probe-" + role);
                thread.setDaemon(true);
                return thread;
            };
        }

        @Override
        public FaultReporter faults() {
            return (component, cause) -> System.out.println("fault in " + component + ": " + cause);
        }
    }
}
