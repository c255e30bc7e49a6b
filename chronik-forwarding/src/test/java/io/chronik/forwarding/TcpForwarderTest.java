package io.chronik.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chronik.api.ConfigException;
import io.chronik.spi.NodeEndpoint;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.forwarding.ForwardingException;
import io.chronik.spi.forwarding.LeaderForwarder;
import io.chronik.spi.forwarding.LeaderForwarderConfig;
import io.chronik.spi.forwarding.LeaderForwarderProvider;
import io.chronik.tcp.Handshake;
import io.chronik.tcp.HandshakeCodec;
import io.chronik.testkit.TestPluginContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What is particular to the {@code tcp} forwarder: its wire checks, settings and meters. */
@Timeout(30)
class TcpForwarderTest {

    private static final String CLUSTER = "fwd-test";
    private static final int MAX = 4096;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private LeaderForwarder start(int nodeId, InetSocketAddress listen, Map<Integer, NodeEndpoint> peers,
                                  TestPluginContext context) {
        LeaderForwarder forwarder = new TcpForwarderProvider().create(new LeaderForwarderConfig(nodeId, CLUSTER, listen,
                peers, MAX, TcpLeaderForwarderCompatibilityTest.fastProperties()), context);
        resources.add(forwarder);
        return forwarder;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        return TestPluginContext.bytes(buffer);
    }

    @Test
    void providerIsFoundByServiceLoader() {
        assertThat(ServiceLoader.load(LeaderForwarderProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(provider -> {
                    assertThat(provider.name()).isEqualTo("tcp");
                    assertThat(provider.spiVersion()).isEqualTo(LeaderForwarderProvider.SPI_VERSION);
                });
    }

    @Test
    void unknownKeysAreRejected() {
        assertThatThrownBy(() -> ForwardingSettings.from(new PluginProperties("forwarding.tcp.",
                Map.of("connect.timout.ms", "5"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("forwarding.tcp.connect.timout.ms");
        assertThat(ForwardingSettings.from(PluginProperties.empty("forwarding.tcp.")).connectTimeout())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void clientOfAnotherVersionOrSendingOversizeFramesIsClosedUnserved() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        LeaderForwarder server = start(1, new InetSocketAddress("127.0.0.1", 0),
                Map.of(2, new NodeEndpoint(2, "127.0.0.1", 9)), new TestPluginContext().withHandler((from, request) -> {
                    handled.incrementAndGet();
                    return CompletableFuture.completedFuture(request);
                }));

        ByteBuffer otherVersion = RpcCodec.encodeHandshake(new Handshake(2, CLUSTER))
                .putShort(HandshakeCodec.VERSION_OFFSET, (short) 2);
        assertClosedAfter(server, otherVersion, RpcCodec.encodeFrame(RpcCodec.TYPE_REQUEST, 1, ByteBuffer.allocate(1)));
        assertClosedAfter(server, RpcCodec.encodeHandshake(new Handshake(2, CLUSTER)),
                RpcCodec.encodeFrame(RpcCodec.TYPE_REQUEST, 1, ByteBuffer.allocate(MAX + 1)));
        assertClosedAfter(server, RpcCodec.encodeHandshake(new Handshake(3, CLUSTER)),
                RpcCodec.encodeFrame(RpcCodec.TYPE_REQUEST, 1, ByteBuffer.allocate(1)));
        assertThat(handled.get()).isZero();
    }

    private static void assertClosedAfter(LeaderForwarder server, ByteBuffer handshake, ByteBuffer frame)
            throws IOException {
        try (Socket socket = new Socket(server.localAddress().getAddress(), server.localAddress().getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(bytes(handshake));
            socket.getOutputStream().write(bytes(frame));
            InputStream in = socket.getInputStream();
            assertThat(RpcCodec.decodeHandshake(ByteBuffer.wrap(in.readNBytes(HandshakeCodec.CLUSTER_ID_OFFSET
                    + CLUSTER.length())))).contains(new Handshake(1, CLUSTER));
            int next;
            try {
                next = in.read();
            } catch (IOException reset) {
                next = -1;
            }
            assertThat(next).as("closed without a response").isEqualTo(-1);
        }
    }

    @Test
    void silentServerLeavesCallsToTheirTimeoutAndHalfOpenConnectsToTheConnectTimeout() throws Exception {
        ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        resources.add(silent);
        LeaderForwarder client = start(1, new InetSocketAddress("127.0.0.1", 0),
                Map.of(2, new NodeEndpoint(2, "127.0.0.1", silent.getLocalPort())), new TestPluginContext());

        CompletableFuture<ByteBuffer> quick = client.forward(2, ByteBuffer.allocate(1), Duration.ofMillis(200));
        CompletableFuture<ByteBuffer> patient = client.forward(2, ByteBuffer.allocate(1), Duration.ofSeconds(20));
        assertThat(quick).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOf(ForwardingException.class)
                .matches(e -> ((ForwardingException) e).reason() == ForwardingException.Reason.TIMEOUT);
        // The peer accepted TCP but never handshakes: the 2 s connect timeout fails the patient call.
        assertThat(patient).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                .isInstanceOf(ForwardingException.class)
                .matches(e -> ((ForwardingException) e).reason() == ForwardingException.Reason.UNREACHABLE)
                .withMessageContaining("handshake");
    }

    @Test
    void oversizeResponseBecomesARemoteErrorAndMetersCountEverything() throws Exception {
        int port1;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port1 = probe.getLocalPort();
        }
        TestPluginContext serverContext = new TestPluginContext().withHandler((from, request) ->
                CompletableFuture.completedFuture(ByteBuffer.allocate(request.getInt(0))));
        LeaderForwarder server = start(2, new InetSocketAddress("127.0.0.1", 0),
                Map.of(1, new NodeEndpoint(1, "127.0.0.1", port1)), serverContext);
        TestPluginContext clientContext = new TestPluginContext();
        LeaderForwarder client = start(1, new InetSocketAddress("127.0.0.1", port1),
                Map.of(2, new NodeEndpoint(2, "127.0.0.1", server.localAddress().getPort())), clientContext);

        assertThat(client.forward(2, ByteBuffer.allocate(4).putInt(0, 100), Duration.ofSeconds(5))
                .get(5, TimeUnit.SECONDS).remaining()).isEqualTo(100);
        CompletableFuture<ByteBuffer> tooBig = client.forward(2, ByteBuffer.allocate(4).putInt(0, MAX + 1),
                Duration.ofSeconds(5));
        assertThat(tooBig).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOf(ForwardingException.class)
                .withMessageContaining("exceeds maxMessageBytes");
        assertThat(client.forward(7, ByteBuffer.allocate(4), Duration.ofSeconds(1))).isCompletedExceptionally();

        MeterRegistry meters = clientContext.meters();
        assertThat(meters.get("chronik.forwarding.requests").tag("plugin", "tcp").counter().count()).isEqualTo(3);
        assertThat(meters.get("chronik.forwarding.latency").timer().count()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                meters.get("chronik.forwarding.errors").tag("reason", "REMOTE_ERROR").counter().count() == 1
                        && meters.get("chronik.forwarding.errors").tag("reason", "UNKNOWN_NODE").counter().count() == 1);
        assertThat(serverContext.meters().get("chronik.forwarding.requests.served").counter().count()).isEqualTo(2);
        client.close();
        assertThat(meters.find("chronik.forwarding.requests").counter()).as("removed on close").isNull();
    }
}
