package io.chronik.examples.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chronik.api.ConfigException;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.replication.InboundHandler;
import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.testkit.Eventually;
import io.chronik.testkit.Loopback;
import io.chronik.testkit.TestPluginContext;
import io.chronik.testkit.replication.RecordingInbound;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What chaos adds to its delegate: loss and delay take effect, order holds, and its keys are checked. */
@Timeout(60)
class ChaosTransportTest {

    private static final String CLUSTER = "chaos-test";
    private final List<ReplicationTransport> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(ReplicationTransport::close);
    }

    /** Node 1 sends through chaos with {@code chaosKeys}; node 2 is plain chaos (no loss, no delay). */
    private record Pair(ReplicationTransport sender, TestPluginContext senderContext, RecordingInbound receiver) {
    }

    private Pair connectedPair(Map<String, String> chaosKeys, InboundHandler receiver, RecordingInbound recording) {
        Map<Integer, InetSocketAddress> addresses = Loopback.addresses(2);
        TestPluginContext senderContext = new TestPluginContext();
        ReplicationTransport sender = start(1, addresses, chaosKeys, senderContext);
        ReplicationTransport other = start(2, addresses, Map.of(), new TestPluginContext().withInbound(receiver));
        await().atMost(Duration.ofSeconds(10)).until(() -> sender.connected(2) && other.connected(1));
        return new Pair(sender, senderContext, recording);
    }

    private ReplicationTransport start(int nodeId, Map<Integer, InetSocketAddress> addresses,
                                       Map<String, String> chaosKeys, TestPluginContext context) {
        ReplicationTransport transport = new ChaosTransportProvider().create(config(nodeId, addresses,
                ChaosTransportCompatibilityTest.chaos(chaosKeys)), context);
        started.add(transport);
        return transport;
    }

    private static ReplicationTransportConfig config(int nodeId, Map<Integer, InetSocketAddress> addresses,
                                                     PluginProperties properties) {
        return new ReplicationTransportConfig(nodeId, CLUSTER, addresses.get(nodeId),
                Loopback.peers(nodeId, addresses), 1024 * 1024, properties);
    }

    private static ByteBuffer sequence(int seq) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(0, seq);
    }

    /**
     * Sends message {@code seq} to node 2, retrying while {@code send} pushes back (tcp's queue of 500
     * fills when a test sends in a burst); each try draws loss afresh, so every message ends up either
     * sent or lost exactly once.
     */
    private static void sendRetrying(ReplicationTransport sender, int seq) {
        Eventually.await("send " + seq + " accepted", Duration.ofSeconds(10),
                () -> sender.send(2, sequence(seq), Optional.empty()));
    }

    private static List<Integer> sequences(RecordingInbound inbound) {
        return inbound.messages().stream().map(m -> ByteBuffer.wrap(m.header()).getInt()).toList();
    }

    private static double counted(TestPluginContext context, String outcome) {
        return context.meters().get("chronik.chaos.messages").tag("outcome", outcome).counter().count();
    }

    @Test
    void thirtyPercentLossDropsAboutThirtyPercentAndKeepsTheRestInOrder() {
        RecordingInbound inbound = new RecordingInbound();
        Pair pair = connectedPair(Map.of("loss.percent", "30", "seed", "42"), inbound, inbound);

        for (int seq = 0; seq < 1000; seq++) {
            sendRetrying(pair.sender(), seq);
        }

        double lost = counted(pair.senderContext(), "lost");
        double sent = counted(pair.senderContext(), "sent");
        assertThat(lost + sent).isEqualTo(1000);
        assertThat(lost).as("messages lost at 30%% with seed 42").isBetween(230.0, 370.0);
        await().atMost(Duration.ofSeconds(20)).until(() -> inbound.messages().size() == (int) sent);
        List<Integer> received = sequences(inbound);
        assertThat(received).as("survivors arrive in order, each once").isSorted().doesNotHaveDuplicates();
        assertThat(received.get(received.size() - 1)).isLessThan(1000);
    }

    @Test
    void hundredPercentLossDeliversNothingButSendsAreAccepted() {
        RecordingInbound inbound = new RecordingInbound();
        Pair pair = connectedPair(Map.of("loss.percent", "100"), inbound, inbound);

        for (int seq = 0; seq < 100; seq++) {
            assertThat(pair.sender().send(2, sequence(seq), Optional.empty())).isTrue();
        }

        assertThat(counted(pair.senderContext(), "lost")).isEqualTo(100);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> inbound.messages().isEmpty());
    }

    @Test
    void delayHoldsEveryMessageAtLeastTheConfiguredTime() {
        Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
        Map<Integer, Long> arrivedAt = new ConcurrentHashMap<>();
        RecordingInbound recording = new RecordingInbound();
        InboundHandler timing = (from, header, body) -> {
            arrivedAt.put(header.getInt(header.position()), System.nanoTime());
            recording.onMessage(from, header, body);
        };
        Pair pair = connectedPair(Map.of("delay.ms", "200"), timing, recording);

        for (int seq = 0; seq < 20; seq++) {
            sentAt.put(seq, System.nanoTime());
            assertThat(pair.sender().send(2, sequence(seq), Optional.empty())).isTrue();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> arrivedAt.size() == 20);
        assertThat(sequences(recording)).isSorted().hasSize(20);
        for (int seq = 0; seq < 20; seq++) {
            long heldMs = TimeUnit.NANOSECONDS.toMillis(arrivedAt.get(seq) - sentAt.get(seq));
            // Only a lower bound: a scheduled release never runs early; a loaded machine may run it late.
            assertThat(heldMs).as("message %d held", seq).isGreaterThanOrEqualTo(195);
        }
    }

    @Test
    void jitterSpreadsMessagesButNeverReordersAPair() {
        RecordingInbound inbound = new RecordingInbound();
        Pair pair = connectedPair(Map.of("delay.ms", "1", "jitter.ms", "40", "seed", "7"), inbound, inbound);

        for (int seq = 0; seq < 1000; seq++) {
            sendRetrying(pair.sender(), seq);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> inbound.messages().size() == 1000);
        List<Integer> expected = new ArrayList<>();
        for (int seq = 0; seq < 1000; seq++) {
            expected.add(seq);
        }
        assertThat(sequences(inbound)).isEqualTo(expected);
    }

    @Test
    void badKeysFailWithTheKeyNamed() {
        Map<Integer, InetSocketAddress> addresses = Loopback.addresses(2);
        assertThatThrownBy(() -> start(1, addresses, Map.of("loss.percent", "101"), new TestPluginContext()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replication.chaos.loss.percent");
        assertThatThrownBy(() -> start(1, addresses, Map.of("loss.procent", "1"), new TestPluginContext()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replication.chaos.loss.procent");
        assertThatThrownBy(() -> start(1, addresses, Map.of("tcp.nonsense", "1"), new TestPluginContext()))
                .as("the delegate's keys go to the delegate, which checks them")
                .isInstanceOf(ConfigException.class).hasMessageContaining("replication.chaos.tcp.nonsense");
    }

    @Test
    void delegateMustBeAVisibleTransportOtherThanChaos() {
        Map<Integer, InetSocketAddress> addresses = Loopback.addresses(2);
        assertThatThrownBy(() -> new ChaosTransportProvider().create(config(1, addresses,
                new PluginProperties("replication.chaos.", Map.of("delegate", "carrier-pigeon"))), new TestPluginContext()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("replication.chaos.delegate")
                .hasMessageContaining("carrier-pigeon")
                .hasMessageContaining("[tcp]");
        assertThatThrownBy(() -> new ChaosTransportProvider().create(config(1, addresses,
                new PluginProperties("replication.chaos.", Map.of("delegate", "chaos"))), new TestPluginContext()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot wrap itself");
    }
}
