package io.chronik.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.spi.NodeEndpoint;
import io.chronik.tcp.Handshake;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The write order of a dialed connection, over a real loopback socket pair. */
@Timeout(10)
class ConnectionTest {

    private Selector selector;
    private SocketChannel local;
    private SocketChannel remote;

    @BeforeEach
    void connect() throws IOException {
        selector = Selector.open();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            local = SocketChannel.open(server.getLocalAddress());
            remote = server.accept();
        }
        local.configureBlocking(false);
    }

    @AfterEach
    void close() throws IOException {
        local.close();
        remote.close();
        selector.close();
    }

    private static Connection.Events ignoring() {
        return new Connection.Events() {
            @Override
            public void onHandshake(Connection connection, Handshake handshake) {
            }

            @Override
            public void onMessage(Connection connection, ByteBuffer header, ByteBuffer body) {
            }
        };
    }

    @Test
    void messageLeftUnstartedByAnOldConnectionWaitsForTheHandshake() throws IOException {
        PeerLink link = new PeerLink(new NodeEndpoint(2, "127.0.0.1", 1), new OutboundQueue(10, 1 << 20),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(1), new SplittableRandom()), 0);
        link.queue().offer(OutboundFrame.of(ByteBuffer.wrap(new byte[] {42}), List.of()));
        assertThat(link.takeNext()).isTrue();
        assertThat(link.disconnected(0)).as("an unstarted message is kept").isFalse();
        assertThat(link.current()).isPresent();

        Connection connection = new Connection(local, Optional.of(link), 1024, ignoring(),
                new TransportMeters(new SimpleMeterRegistry()), 0);
        connection.register(local.register(selector, SelectionKey.OP_READ, connection));
        Handshake ours = new Handshake(1, "c");
        connection.queueHandshake(ours);
        connection.flush(0);

        int handshakeLength = FrameCodec.encodeHandshake(ours).remaining();
        ByteBuffer received = ByteBuffer.allocate(handshakeLength + 64);
        while (received.position() < handshakeLength) {
            remote.read(received);
        }
        assertThat(received.flip().remaining()).as("nothing but the handshake before the peer's").isEqualTo(handshakeLength);
        assertThat(FrameCodec.decodeHandshake(received)).contains(ours);

        connection.handshakeAccepted(2);
        connection.flush(0);
        ByteBuffer frame = ByteBuffer.allocate(FrameCodec.PREFIX_LENGTH + 1);
        while (frame.hasRemaining()) {
            remote.read(frame);
        }
        assertThat(frame.get(FrameCodec.PREFIX_LENGTH)).isEqualTo((byte) 42);
        assertThat(link.current()).isEmpty();
    }
}
