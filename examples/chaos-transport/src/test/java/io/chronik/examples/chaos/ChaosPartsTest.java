package io.chronik.examples.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chronik.spi.NodeEndpoint;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.spi.replication.TransportException;
import io.chronik.testkit.TestPluginContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What chaos hands its delegate for a body of several parts: the parts themselves without delay (so the
 * delegate keeps sending regions without copying), one copied body with delay.
 */
@Timeout(20)
class ChaosPartsTest {

    @TempDir
    Path dir;

    private FileChannel file;
    private final RecordingDelegate delegate = new RecordingDelegate();
    private ChaosTransport chaos;

    @BeforeEach
    void file() throws IOException {
        Path path = dir.resolve("segment");
        Files.write(path, new byte[] {10, 11, 12, 13, 14, 15, 16, 17});
        file = FileChannel.open(path, StandardOpenOption.READ);
    }

    @AfterEach
    void close() throws IOException {
        if (chaos != null) {
            chaos.close();
        }
        file.close();
    }

    private ChaosTransport chaos(Map<String, String> keys) {
        PluginProperties properties = new PluginProperties("replication.chaos.", keys);
        ReplicationTransportConfig config = new ReplicationTransportConfig(1, "chaos-parts",
                new InetSocketAddress("127.0.0.1", 0), Map.of(2, new NodeEndpoint(2, "127.0.0.1", 1)), 1024,
                properties);
        chaos = new ChaosTransport(delegate, ChaosSettings.from(properties), config, new TestPluginContext());
        return chaos;
    }

    private List<MessageBody> parts() {
        return List.of(new MessageBody.Bytes(ByteBuffer.wrap(new byte[] {1, 2})),
                new MessageBody.Region(new FileRegion(file, 3, 4)), new MessageBody.Bytes(ByteBuffer.allocate(0)));
    }

    @Test
    void withoutDelayThePartsGoToTheDelegateAsTheyAre() {
        List<MessageBody> parts = parts();

        assertThat(chaos(Map.of()).send(2, ByteBuffer.allocate(1), parts)).isTrue();

        assertThat(delegate.parts).containsExactly(parts);
        assertThat(delegate.bodies).isEmpty();
    }

    @Test
    void withDelayThePartsArriveAsOneCopiedBody() {
        assertThat(chaos(Map.of("delay.ms", "1")).send(2, ByteBuffer.allocate(1), parts())).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> delegate.bodies.size() == 1);
        ByteBuffer body = ((MessageBody.Bytes) delegate.bodies.get(0).orElseThrow()).buffer();
        assertThat(TestPluginContext.bytes(body)).containsExactly(1, 2, 13, 14, 15, 16);
    }

    @Test
    void anUnreadableRegionIsRefusedAmongPartsAndMisuseAsASingleBody() throws IOException {
        ChaosTransport transport = chaos(Map.of("delay.ms", "1"));
        MessageBody pastTheEnd = new MessageBody.Region(new FileRegion(file, 6, 4));

        assertThat(transport.send(2, ByteBuffer.allocate(1), List.of(pastTheEnd))).isFalse();
        assertThatThrownBy(() -> transport.send(2, ByteBuffer.allocate(1), Optional.of(pastTheEnd)))
                .isInstanceOf(TransportException.class).hasMessageContaining("past the end of its file");
        file.close();
        assertThat(transport.send(2, ByteBuffer.allocate(1), parts())).as("a closed file").isFalse();
        assertThat(delegate.parts).isEmpty();
        assertThat(delegate.bodies).isEmpty();
    }

    /** A delegate that accepts everything and remembers which send it was given what. */
    private static final class RecordingDelegate implements ReplicationTransport {
        final List<Optional<MessageBody>> bodies = new CopyOnWriteArrayList<>();
        final List<List<MessageBody>> parts = new CopyOnWriteArrayList<>();

        @Override
        public boolean send(int toNode, ByteBuffer header, Optional<MessageBody> body) {
            bodies.add(body);
            return true;
        }

        @Override
        public boolean send(int toNode, ByteBuffer header, List<MessageBody> body) {
            parts.add(body);
            return true;
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 0);
        }

        @Override
        public boolean connected(int nodeId) {
            return true;
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
