package io.chronik.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.spi.PluginProperties;
import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.testkit.Loopback;
import io.chronik.testkit.TestPluginContext;
import io.chronik.testkit.replication.RecordingInbound;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code tcp} transport does with bodies of several parts beyond the compatibility kit: the
 * queue's byte bound counts the whole body, and a region that cannot be sent loses its message, resets
 * the connection and leaves later messages to the next one.
 */
@Timeout(30)
class MultiPartSendTest {

    private static final int MAX_MESSAGE = 64 * 1024;
    private static final String CLUSTER = "multi-part";

    @TempDir
    Path dir;

    private final List<ReplicationTransport> transports = new ArrayList<>();
    private final Map<Integer, InetSocketAddress> addresses = Loopback.addresses(2);
    private FileChannel file;

    @BeforeEach
    void file() throws IOException {
        Path path = dir.resolve("segment");
        Files.write(path, new byte[MAX_MESSAGE]);
        file = FileChannel.open(path, StandardOpenOption.READ);
    }

    @AfterEach
    void close() throws IOException {
        transports.forEach(ReplicationTransport::close);
        file.close();
    }

    private ReplicationTransport start(int nodeId, TestPluginContext context, Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(TcpReplicationTransportCompatibilityTest.fastProperties().asMap());
        properties.putAll(extra);
        ReplicationTransport transport = new TcpTransportProvider().create(new ReplicationTransportConfig(nodeId,
                CLUSTER, addresses.get(nodeId), Loopback.peers(nodeId, addresses), MAX_MESSAGE,
                new PluginProperties("replication.tcp.", properties)), context);
        transports.add(transport);
        return transport;
    }

    private static ByteBuffer header(int seq) {
        return ByteBuffer.allocate(4).putInt(0, seq);
    }

    private List<MessageBody> regions(int count, int length) {
        List<MessageBody> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(new MessageBody.Region(new FileRegion(file, (long) i * length, length)));
        }
        return parts;
    }

    @Test
    void theQueueBoundCountsEveryPartOfTheBody() {
        int queueBytes = 1024 * 1024;
        ReplicationTransport t1 = start(1, new TestPluginContext().withInbound(new RecordingInbound()),
                Map.of("queue.max.bytes", String.valueOf(queueBytes), "queue.max.messages", "10000"));
        List<MessageBody> body = new ArrayList<>(regions(7, 7 * 1024));
        body.add(new MessageBody.Bytes(ByteBuffer.allocate(1024)));
        long messageLength = 4 + 7 * 7 * 1024 + 1024;

        int accepted = 0;
        while (accepted < 10_000 && t1.send(2, header(accepted), body)) {
            accepted++;
        }

        assertThat(accepted).as("messages of %d bytes queued toward a node that is down", messageLength)
                .isEqualTo((int) (queueBytes / messageLength));
    }

    @Test
    void aRegionThatFailsToSendLosesItsMessageAndResetsTheConnection() throws IOException {
        TestPluginContext context1 = new TestPluginContext().withInbound(new RecordingInbound());
        ReplicationTransport t1 = start(1, context1, Map.of());
        Path other = dir.resolve("deleted-segment");
        Files.write(other, new byte[1000]);
        FileChannel doomed = FileChannel.open(other, StandardOpenOption.READ);
        // queued while node 2 is down, so the region is sent only after its channel was closed
        assertThat(t1.send(2, header(0), Optional.of(new MessageBody.Bytes(ByteBuffer.wrap(new byte[] {1}))))).isTrue();
        assertThat(t1.send(2, header(1), List.of(new MessageBody.Bytes(ByteBuffer.allocate(10)),
                new MessageBody.Region(new FileRegion(doomed, 0, 1000))))).isTrue();
        assertThat(t1.send(2, header(2), regions(2, 100))).isTrue();
        doomed.close();
        assertThat(t1.send(2, header(3), List.of(new MessageBody.Region(new FileRegion(doomed, 0, 10)))))
                .as("a region whose channel is already closed is refused at send").isFalse();

        RecordingInbound in2 = new RecordingInbound();
        start(2, new TestPluginContext().withInbound(in2), Map.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> in2.messages().stream()
                .anyMatch(m -> ByteBuffer.wrap(m.header()).getInt() == 2));
        List<Integer> received = in2.messages().stream().map(m -> ByteBuffer.wrap(m.header()).getInt()).toList();
        assertThat(received).as("the message with the closed region is lost, the next arrives")
                .doesNotContain(1, 3).endsWith(2).isSorted();
        assertThat(in2.messages().get(received.size() - 1).body()).hasSize(200);
        assertThat(context1.meters().get("chronik.replication.dropped.inflight").counter().count()).isEqualTo(1);
        assertThat(Collections.frequency(((RecordingInbound) context1.inbound()).events(),
                new RecordingInbound.Event(2, false))).as("the connection was reset").isEqualTo(1);
    }
}
