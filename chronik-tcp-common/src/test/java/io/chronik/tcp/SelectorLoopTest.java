package io.chronik.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.spi.NodeEndpoint;
import io.chronik.testkit.TestPluginContext;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop driver with a small echo protocol over real loopback sockets: the peer's handshake, then
 * frames of a 4-byte length and UTF-8 text, each echoed back; the text "boom" is a protocol error.
 */
@Timeout(20)
class SelectorLoopTest {

    private static final HandshakeCodec HANDSHAKES = new HandshakeCodec(0x4543484F, (short) 1, "echo",
            TestProtocolException::new);

    private static Optional<Integer> peek(ByteBuffer buffer) {
        if (buffer.remaining() < 4) {
            return Optional.empty();
        }
        int length = buffer.getInt(buffer.position());
        if (length < 0 || length > 1024) {
            throw new TestProtocolException("frame of " + length + " bytes");
        }
        return Optional.of(4 + length);
    }

    private static final class EchoConnection extends PeerConnection implements LengthPrefixedReader.Sink {
        private final LengthPrefixedReader reader = new LengthPrefixedReader(HANDSHAKES, SelectorLoopTest::peek, 16);

        EchoConnection(SocketChannel channel, Optional<Integer> peer, long nowNanos) {
            super(channel, peer, nowNanos);
        }

        @Override
        public boolean read(long nowNanos) throws IOException {
            int read = reader.readFrom(channel(), this);
            return read != -1;
        }

        @Override
        public void onHandshake(Handshake handshake) {
            handshakeAccepted(handshake.nodeId());
        }

        @Override
        public void onFrame(ByteBuffer frame) {
            String text = StandardCharsets.UTF_8.decode(frame.position(4)).toString();
            if (text.equals("boom")) {
                throw new TestProtocolException("peer said boom");
            }
            queue(frame(text));
        }
    }

    /** Everything the handler saw, readable from the test thread. */
    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private volatile boolean failNextRound;

    private final class EchoHandler implements SelectorLoop.Handler<EchoConnection> {
        private final List<EchoConnection> connections = new ArrayList<>();

        @Override
        public long selectTimeoutMillis() {
            return 10;
        }

        @Override
        public EchoConnection accepted(SocketChannel channel, long nowNanos) {
            EchoConnection connection = new EchoConnection(channel, Optional.empty(), nowNanos);
            connections.add(connection);
            return connection;
        }

        @Override
        public void opened(EchoConnection connection, long nowNanos) throws IOException {
            events.add("opened " + (connection.peer().isPresent() ? "dialed" : "accepted"));
            connection.flush(nowNanos);
        }

        @Override
        public void close(EchoConnection connection, String reason, boolean protocolError, long nowNanos) {
            events.add("closed " + (protocolError ? "protocol error: " : "") + reason);
            connection.close();
            connections.remove(connection);
        }

        @Override
        public void afterSelect(long nowNanos) {
            if (failNextRound) {
                throw new IllegalStateException("handler broke");
            }
            for (EchoConnection connection : List.copyOf(connections)) {
                try {
                    connection.flush(nowNanos);
                } catch (IOException e) {
                    close(connection, e.toString(), false, nowNanos);
                }
            }
        }

        @Override
        public void shutdown() {
            events.add("shutdown with " + connections.size() + " connections");
            connections.forEach(PeerConnection::close);
        }
    }

    private final TestPluginContext context = new TestPluginContext();
    private final List<Socket> sockets = new ArrayList<>();
    private SelectorLoop loop;

    @AfterEach
    void closeAll() throws IOException {
        if (loop != null) {
            loop.close();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private static ByteBuffer frame(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).flip();
    }

    private static void write(Socket socket, ByteBuffer buffer) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(buffer.array(), buffer.position(), buffer.remaining());
        out.flush();
    }

    private static String readFrame(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] text = new byte[in.readInt()];
        in.readFully(text);
        return new String(text, StandardCharsets.UTF_8);
    }

    private Listener startLoop() {
        Listener listener = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "echo test",
                IllegalStateException::new);
        loop = new SelectorLoop(listener, new SelectorLoop.Owner("echo loop of node 1", "echo", true), context);
        loop.start(new EchoHandler(), EchoConnection.class);
        return listener;
    }

    private Socket connectedClient(Listener listener, int nodeId) throws IOException {
        Socket socket = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
        sockets.add(socket);
        socket.setSoTimeout(5000);
        write(socket, HANDSHAKES.encode(new Handshake(nodeId, "c")));
        return socket;
    }

    @Test
    void aProtocolErrorClosesOnlyThatConnection() throws IOException {
        Listener listener = startLoop();
        Socket good = connectedClient(listener, 2);
        write(good, frame("hello"));
        assertThat(readFrame(good)).isEqualTo("hello");

        Socket bad = connectedClient(listener, 3);
        write(bad, frame("boom"));
        assertThat(bad.getInputStream().read()).as("the loop closed the bad connection").isEqualTo(-1);
        await().until(() -> events.contains("closed protocol error: peer said boom"));

        write(good, frame("still here"));
        assertThat(readFrame(good)).isEqualTo("still here");
        assertThat(events).containsSubsequence("opened accepted", "opened accepted",
                "closed protocol error: peer said boom");

        loop.close();
        assertThat(loop.stopped()).isTrue();
        assertThat(events).contains("shutdown with 1 connections");
        assertThat(context.reportedFaults()).isEmpty();
    }

    @Test
    void dialsThroughTheLoopAndReportsItOpened() throws IOException {
        startLoop();
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EchoConnection dialed = new EchoConnection(SocketChannel.open(), Optional.of(9), System.nanoTime());
            // connect() is meant for the loop thread; calling it from the test thread is safe too, since registering
            // with a selector that is selecting does not block (JDK 11+), and the handler never sees this connection.
            boolean connectedAtOnce = loop.connect(dialed, new NodeEndpoint(9, "127.0.0.1", peer.getLocalPort()));
            try (Socket accepted = peer.accept()) {
                assertThat(accepted.isConnected()).isTrue();
                if (!connectedAtOnce) {
                    await().until(() -> events.contains("opened dialed"));
                }
                assertThat(dialed.connected()).isTrue();
            } finally {
                dialed.close();
            }
        }
    }

    @Test
    void aFailingHandlerEndsTheLoopAsAReportedFault() {
        startLoop();
        failNextRound = true;
        await().until(() -> loop.stopped());
        assertThat(context.reportedFaults()).singleElement().satisfies(fault -> {
            assertThat(fault.component()).isEqualTo("echo/tcp");
            assertThat(fault.cause()).hasMessage("handler broke");
        });
        await().until(() -> events.contains("shutdown with 0 connections"));
        assertThat(loop.stopping()).isTrue();
    }
}
