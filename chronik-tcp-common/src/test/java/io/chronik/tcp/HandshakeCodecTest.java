package io.chronik.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HandshakeCodecTest {

    private static final HandshakeCodec CODEC = new HandshakeCodec(0x54455354, (short) 3, "test",
            TestProtocolException::new);

    @Test
    void encodesTheDocumentedLayoutAndDecodesItBack() {
        ByteBuffer encoded = CODEC.encode(new Handshake(7, "prod-1"));
        assertThat(encoded.remaining()).isEqualTo(HandshakeCodec.CLUSTER_ID_OFFSET + 6).isEqualTo(17);
        assertThat(encoded.getInt(0)).isEqualTo(0x54455354);
        assertThat(encoded.getShort(4)).isEqualTo((short) 3);
        assertThat(encoded.getInt(6)).isEqualTo(7);
        assertThat(encoded.get(10)).isEqualTo((byte) 6);
        assertThat(encoded.get(11)).isEqualTo((byte) 'p');

        ByteBuffer withMore = ByteBuffer.allocate(encoded.remaining() + 2).put(encoded).put(new byte[2]).flip();
        assertThat(CODEC.decode(withMore)).contains(new Handshake(7, "prod-1"));
        assertThat(withMore.remaining()).as("only the handshake is consumed").isEqualTo(2);
    }

    @Test
    void aPartialHandshakeConsumesNothing() {
        ByteBuffer encoded = CODEC.encode(new Handshake(1, "abc"));
        for (int length = 0; length < encoded.remaining(); length++) {
            ByteBuffer partial = encoded.duplicate().limit(length);
            assertThat(CODEC.decode(partial)).as("%d bytes", length).isEmpty();
            assertThat(partial.position()).isZero();
        }
    }

    @Test
    void foreignMagicOtherVersionAndBadLengthsFailWithTheProtocolsOwnError() {
        ByteBuffer otherProtocol = new HandshakeCodec(0x43484B52, (short) 3, "other", TestProtocolException::new)
                .encode(new Handshake(1, "c"));
        assertThatThrownBy(() -> CODEC.decode(otherProtocol)).isInstanceOf(TestProtocolException.class)
                .hasMessage("not a Chronik test peer: magic 0x43484b52");
        ByteBuffer version = CODEC.encode(new Handshake(1, "c")).putShort(HandshakeCodec.VERSION_OFFSET, (short) 4);
        assertThatThrownBy(() -> CODEC.decode(version)).isInstanceOf(TestProtocolException.class)
                .hasMessage("peer speaks test protocol version 4, this node 3");
        ByteBuffer length = CODEC.encode(new Handshake(1, "c")).put(HandshakeCodec.CLUSTER_ID_LENGTH_OFFSET, (byte) 65);
        assertThatThrownBy(() -> CODEC.decode(length)).isInstanceOf(TestProtocolException.class)
                .hasMessageContaining("cluster id length in handshake: 65");
        assertThatThrownBy(() -> CODEC.encode(new Handshake(1, "x".repeat(65))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-64 characters");
        assertThatThrownBy(() -> CODEC.encode(new Handshake(1, ""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnotherClusterItsOwnIdAWrongDialedNodeAndUnknownCallers() {
        Set<Integer> peers = Set.of(2, 3);
        assertThat(new Handshake(2, "c").refusal("c", 1, Optional.empty(), peers)).isEmpty();
        assertThat(new Handshake(2, "c").refusal("c", 1, Optional.of(2), peers)).isEmpty();
        assertThat(new Handshake(2, "d").refusal("c", 1, Optional.empty(), peers))
                .hasValue("peer node 2 belongs to cluster 'd', this node to 'c'");
        assertThat(new Handshake(1, "c").refusal("c", 1, Optional.empty(), peers))
                .hasValue("peer claims this node's own id 1");
        assertThat(new Handshake(3, "c").refusal("c", 1, Optional.of(2), peers))
                .hasValue("dialed node 2 but node 3 answered");
        assertThat(new Handshake(9, "c").refusal("c", 1, Optional.empty(), peers))
                .hasValue("node 9 is not a configured peer");
    }
}
