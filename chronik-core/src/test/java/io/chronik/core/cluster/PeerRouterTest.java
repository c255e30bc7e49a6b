package io.chronik.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class PeerRouterTest {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PeerRouter router = new PeerRouter(meters);

    @Test
    void routesEachChannelToItsHandlerWithThePrefixStripped() {
        PeerChannel partition = new PeerChannel.Partition(Uuid.randomUuid(), 7);
        List<String> metadata = new ArrayList<>();
        List<String> data = new ArrayList<>();
        router.register(PeerChannel.METADATA, (from, message, body) -> metadata.add(from + ":" + text(message)));
        router.register(partition, (from, message, body) -> data.add(from + ":" + text(message)));

        router.onMessage(2, PeerChannelCodec.encode(PeerChannel.METADATA, bytes("vote")), EMPTY);
        router.onMessage(3, PeerChannelCodec.encode(partition, bytes("fetch")), EMPTY);
        router.onMessage(3, PeerChannelCodec.encode(new PeerChannel.Partition(Uuid.randomUuid(), 7), bytes("x")), EMPTY);

        assertThat(metadata).containsExactly("2:vote");
        assertThat(data).containsExactly("3:fetch");
        assertThat(meters.counter("chronik.peer.unrouted").count()).isEqualTo(1);
    }

    @Test
    void dropsMalformedPrefixesAndCountsThem() {
        router.register(PeerChannel.METADATA, (from, message, body) -> {
            throw new AssertionError("must not be called");
        });

        router.onMessage(2, ByteBuffer.wrap(new byte[] {9, 1, 2}), EMPTY);
        router.onMessage(2, ByteBuffer.wrap(new byte[] {PeerChannelCodec.KIND_PARTITION, 1, 2}), EMPTY);

        assertThat(meters.counter("chronik.peer.malformed").count()).isEqualTo(2);
    }

    @Test
    void codecRoundTripsBothKinds() {
        PeerChannel partition = new PeerChannel.Partition(Uuid.randomUuid(), 0);
        ByteBuffer encoded = PeerChannelCodec.encode(partition, bytes("m"));
        assertThat(PeerChannelCodec.decode(encoded)).isEqualTo(partition);
        assertThat(text(encoded)).isEqualTo("m");
        assertThat(PeerChannelCodec.decode(PeerChannelCodec.encode(PeerChannel.METADATA, EMPTY)))
                .isEqualTo(PeerChannel.METADATA);
    }

    @Test
    void refusesASecondHandlerAndSendsNothingWithoutATransport() {
        router.register(PeerChannel.METADATA, (from, message, body) -> { });
        assertThatThrownBy(() -> router.register(PeerChannel.METADATA, (from, message, body) -> { }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(router.send(2, PeerChannel.METADATA, bytes("x"), java.util.Optional.empty())).isFalse();
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
}
