package io.chronik.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.testkit.replication.RecordingInbound;
import io.chronik.spi.NodeEndpoint;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.spi.replication.ReplicationTransportProvider;
import io.chronik.tcp.Handshake;
import io.chronik.tcp.HandshakeCodec;
import io.chronik.testkit.TestPluginContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What is particular to the {@code tcp} transport: its wire checks, heartbeats and meters. */
@Timeout(30)
class TcpTransportTest {

    private static final String CLUSTER = "tcp-test";
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private ReplicationTransport start(int nodeId, Map<Integer, NodeEndpoint> peers, TestPluginContext context) {
        ReplicationTransport transport = new TcpTransportProvider().create(new ReplicationTransportConfig(nodeId,
                CLUSTER, new InetSocketAddress("127.0.0.1", 0), peers, 64 * 1024,
                TcpReplicationTransportCompatibilityTest.fastProperties()), context);
        resources.add(transport);
        return transport;
    }

    private ServerSocket fakePeer() throws IOException {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        resources.add(server);
        return server;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        return TestPluginContext.bytes(buffer);
    }

    @Test
    void providerIsFoundByServiceLoader() {
        assertThat(ServiceLoader.load(ReplicationTransportProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(provider -> {
                    assertThat(provider.name()).isEqualTo("tcp");
                    assertThat(provider.spiVersion()).isEqualTo(ReplicationTransportProvider.SPI_VERSION);
                });
    }

    /**
     * Starts node 1 whose peer 2 is a plain socket played by the test; returns that socket once it has
     * answered node 1's dial with a valid handshake and node 1 counts it as connected.
     */
    private Socket connectToFakePeer(RecordingInbound inbound) throws IOException {
        ServerSocket peer = fakePeer();
        ReplicationTransport transport = start(1, Map.of(2, new NodeEndpoint(2, "127.0.0.1", peer.getLocalPort())),
                new TestPluginContext().withInbound(inbound));
        Socket accepted = peer.accept();
        resources.add(accepted);
        accepted.getOutputStream().write(bytes(FrameCodec.encodeHandshake(new Handshake(2, CLUSTER))));
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.connected(2));
        return accepted;
    }

    @Test
    void silentPeerIsDeclaredDisconnectedByTheHeartbeatTimeout() throws Exception {
        RecordingInbound inbound = new RecordingInbound();
        Socket accepted = connectToFakePeer(inbound);

        // The fake peer never writes again; the transport's heartbeat timeout (3 s) must notice.
        await().atMost(Duration.ofSeconds(15)).until(() -> inbound.count(new RecordingInbound.Event(2, false)) == 1);
        assertThat(inbound.events()).containsExactly(new RecordingInbound.Event(2, true),
                new RecordingInbound.Event(2, false));
        InputStream in = accepted.getInputStream();
        byte[] handshake = in.readNBytes(HandshakeCodec.CLUSTER_ID_OFFSET + CLUSTER.length());
        assertThat(FrameCodec.decodeHandshake(ByteBuffer.wrap(handshake))).contains(new Handshake(1, CLUSTER));
        int heartbeatType = in.read();
        assertThat(heartbeatType).as("the transport heartbeats while idle").isEqualTo(FrameCodec.TYPE_HEARTBEAT);
    }

    @Test
    void dialerOfOtherVersionOrUnknownNodeIsClosedWithoutDelivery() throws Exception {
        RecordingInbound inbound = new RecordingInbound();
        ReplicationTransport transport = start(1, Map.of(2, new NodeEndpoint(2, "127.0.0.1", 9)),
                new TestPluginContext().withInbound(inbound));

        ByteBuffer otherVersion = FrameCodec.encodeHandshake(new Handshake(2, CLUSTER))
                .putShort(HandshakeCodec.VERSION_OFFSET, (short) 2);
        assertClosedAfterSending(transport, otherVersion);
        assertClosedAfterSending(transport, FrameCodec.encodeHandshake(new Handshake(5, CLUSTER)));
        assertClosedAfterSending(transport, FrameCodec.encodeHandshake(new Handshake(1, CLUSTER)));
        assertThat(inbound.messages()).isEmpty();
    }

    private static void assertClosedAfterSending(ReplicationTransport transport, ByteBuffer handshake)
            throws IOException {
        try (Socket socket = new Socket(transport.localAddress().getAddress(), transport.localAddress().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes(handshake));
            out.write(bytes(FrameCodec.encodeMessageStart(ByteBuffer.allocate(3), 0)));
            InputStream in = socket.getInputStream();
            byte[] theirs = in.readNBytes(HandshakeCodec.CLUSTER_ID_OFFSET + CLUSTER.length());
            assertThat(FrameCodec.decodeHandshake(ByteBuffer.wrap(theirs))).contains(new Handshake(1, CLUSTER));
            socket.setSoTimeout(5000);
            assertThat(readUntilClosed(in)).as("connection closed by the transport").isTrue();
        }
    }

    private static boolean readUntilClosed(InputStream in) {
        try {
            return in.read() == -1;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void messageCutByABrokenConnectionIsNeverResentAndTheNewConnectionStartsWithTheHandshake() throws Exception {
        ServerSocket peer = fakePeer();
        RecordingInbound inbound = new RecordingInbound();
        ReplicationTransport transport = start(1, Map.of(2, new NodeEndpoint(2, "127.0.0.1", peer.getLocalPort())),
                new TestPluginContext().withInbound(inbound));
        Socket first = peer.accept();
        resources.add(first);
        first.getOutputStream().write(bytes(FrameCodec.encodeHandshake(new Handshake(2, CLUSTER))));
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.connected(2));

        // The peer reads slowly, so the sockets fill and messages wait in the queue.
        int body = 60 * 1024;
        int queued = 0;
        while (transport.send(2, ByteBuffer.allocate(4).putInt(0, queued),
                Optional.of(new MessageBody.Bytes(ByteBuffer.allocate(body))))) {
            queued++;
        }
        InputStream in = first.getInputStream();
        in.readNBytes(HandshakeCodec.CLUSTER_ID_OFFSET + CLUSTER.length());
        int lastWhole = -1;
        for (int i = 0; i < 5; i++) {
            ByteBuffer prefix = ByteBuffer.wrap(in.readNBytes(FrameCodec.PREFIX_LENGTH));
            if (prefix.get(FrameCodec.TYPE_OFFSET) == FrameCodec.TYPE_MESSAGE) {
                int seq = ByteBuffer.wrap(in.readNBytes(prefix.getInt(FrameCodec.HEADER_LENGTH_OFFSET))).getInt();
                in.readNBytes(prefix.getInt(FrameCodec.BODY_LENGTH_OFFSET));
                assertThat(seq).isEqualTo(lastWhole + 1);
                lastWhole = seq;
            }
        }
        first.setSoLinger(true, 0);
        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !transport.connected(2));

        Socket second = peer.accept();
        resources.add(second);
        second.getOutputStream().write(bytes(FrameCodec.encodeHandshake(new Handshake(2, CLUSTER))));
        InputStream in2 = second.getInputStream();
        assertThat(FrameCodec.decodeHandshake(ByteBuffer.wrap(in2.readNBytes(HandshakeCodec.CLUSTER_ID_OFFSET
                + CLUSTER.length())))).as("the handshake comes first").contains(new Handshake(1, CLUSTER));
        int previous = lastWhole;
        int received = 0;
        while (received < 20) {
            ByteBuffer prefix = ByteBuffer.wrap(in2.readNBytes(FrameCodec.PREFIX_LENGTH));
            if (prefix.get(FrameCodec.TYPE_OFFSET) == FrameCodec.TYPE_HEARTBEAT) {
                continue;
            }
            assertThat(prefix.getInt(FrameCodec.HEADER_LENGTH_OFFSET)).isEqualTo(4);
            assertThat(prefix.getInt(FrameCodec.BODY_LENGTH_OFFSET)).isEqualTo(body);
            int seq = ByteBuffer.wrap(in2.readNBytes(4)).getInt();
            in2.readNBytes(body);
            assertThat(seq).as("in order, nothing repeated").isGreaterThan(previous + (received == 0 ? 1 : 0));
            previous = seq;
            received++;
        }
        assertThat(queued).isGreaterThan(previous);
    }

    @Test
    void peerSendingMessagesOnTheDialedConnectionIsDisconnected() throws Exception {
        RecordingInbound inbound = new RecordingInbound();
        Socket accepted = connectToFakePeer(inbound);

        accepted.getOutputStream().write(bytes(FrameCodec.encodeMessageStart(ByteBuffer.allocate(1), 0)));
        await().atMost(Duration.ofSeconds(5)).until(() -> inbound.count(new RecordingInbound.Event(2, false)) == 1);
        assertThat(inbound.messages()).isEmpty();
    }

    @Test
    void metersCountTrafficConnectionsAndRefusals() throws IOException {
        int port1;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port1 = probe.getLocalPort();
        }
        TestPluginContext context1 = new TestPluginContext().withInbound(new RecordingInbound());
        RecordingInbound inbound2 = new RecordingInbound();
        TestPluginContext context2 = new TestPluginContext().withInbound(inbound2);
        ReplicationTransport t2 = start(2, Map.of(1, new NodeEndpoint(1, "127.0.0.1", port1)), context2);
        ReplicationTransport t1 = new TcpTransportProvider().create(new ReplicationTransportConfig(1, CLUSTER,
                new InetSocketAddress("127.0.0.1", port1), Map.of(2, new NodeEndpoint(2, "127.0.0.1",
                t2.localAddress().getPort())), 64 * 1024, TcpReplicationTransportCompatibilityTest.fastProperties()), context1);
        resources.add(t1);
        await().atMost(Duration.ofSeconds(5)).until(() -> t1.connected(2) && t2.connected(1));
        for (int i = 0; i < 10; i++) {
            assertThat(t1.send(2, ByteBuffer.allocate(10), Optional.of(new MessageBody.Bytes(ByteBuffer.allocate(90)))))
                    .isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> inbound2.messages().size() == 10);

        MeterRegistry sender = context1.meters();
        MeterRegistry receiver = context2.meters();
        assertThat(sender.get("chronik.replication.frames.sent").tag("plugin", "tcp").counter().count()).isEqualTo(10);
        assertThat(sender.get("chronik.replication.bytes.sent").counter().count())
                .isGreaterThanOrEqualTo(10 * (100 + FrameCodec.PREFIX_LENGTH));
        assertThat(receiver.get("chronik.replication.frames.received").counter().count()).isEqualTo(10);
        assertThat(receiver.get("chronik.replication.bytes.received").counter().count())
                .isGreaterThanOrEqualTo(10 * (100 + FrameCodec.PREFIX_LENGTH));
        assertThat(sender.get("chronik.replication.connections").gauge().value()).as("dialed + accepted").isEqualTo(2);
        assertThat(receiver.get("chronik.replication.connections").gauge().value()).isEqualTo(2);

        assertThat(t1.send(3, ByteBuffer.allocate(1), Optional.empty())).isFalse();
        assertThat(context1.reportedFaults()).isEmpty();
        t1.close();
        assertThat(sender.find("chronik.replication.frames.sent").counter()).as("removed on close").isNull();
    }

    @Test
    void refusedConnectionsAreCounted() throws IOException {
        TestPluginContext context = new TestPluginContext().withInbound(new RecordingInbound());
        ReplicationTransport transport = start(1, Map.of(2, new NodeEndpoint(2, "127.0.0.1", 9)), context);
        assertClosedAfterSending(transport, FrameCodec.encodeHandshake(new Handshake(2, "other-cluster")));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                context.meters().get("chronik.replication.connections.refused").counter().count() == 1);
    }
}
