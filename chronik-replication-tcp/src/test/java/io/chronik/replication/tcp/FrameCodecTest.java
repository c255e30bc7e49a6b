package io.chronik.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.tcp.Handshake;
import io.chronik.tcp.HandshakeCodec;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void handshakeRoundTripsAndFollowsTheDocumentedLayout() {
        ByteBuffer encoded = FrameCodec.encodeHandshake(new Handshake(7, "prod-1"));
        assertThat(encoded.remaining()).isEqualTo(HandshakeCodec.CLUSTER_ID_OFFSET + 6);
        assertThat(encoded.getInt(0)).isEqualTo(0x43484B52);
        assertThat(encoded.getShort(4)).isEqualTo((short) 1);
        assertThat(encoded.getInt(6)).isEqualTo(7);
        assertThat(encoded.get(10)).isEqualTo((byte) 6);

        ByteBuffer withMore = ByteBuffer.allocate(encoded.remaining() + 3).put(encoded.duplicate()).put(new byte[3]).flip();
        assertThat(FrameCodec.decodeHandshake(withMore)).contains(new Handshake(7, "prod-1"));
        assertThat(withMore.remaining()).as("only the handshake is consumed").isEqualTo(3);
    }

    @Test
    void partialHandshakeConsumesNothing() {
        ByteBuffer encoded = FrameCodec.encodeHandshake(new Handshake(1, "c"));
        for (int length = 0; length < encoded.remaining(); length++) {
            ByteBuffer partial = encoded.duplicate().limit(length);
            assertThat(FrameCodec.decodeHandshake(partial)).isEmpty();
            assertThat(partial.position()).isZero();
        }
    }

    @Test
    void foreignMagicOtherVersionAndBadClusterLengthAreRefused() {
        ByteBuffer magic = FrameCodec.encodeHandshake(new Handshake(1, "c")).putInt(0, 0x12345678);
        assertThatThrownBy(() -> FrameCodec.decodeHandshake(magic)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("magic");
        ByteBuffer version = FrameCodec.encodeHandshake(new Handshake(1, "c")).putShort(4, (short) 2);
        assertThatThrownBy(() -> FrameCodec.decodeHandshake(version)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("version 2");
        ByteBuffer length = FrameCodec.encodeHandshake(new Handshake(1, "c")).put(10, (byte) 0);
        assertThatThrownBy(() -> FrameCodec.decodeHandshake(length)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("cluster id length");
        assertThatThrownBy(() -> FrameCodec.encodeHandshake(new Handshake(1, "x".repeat(65))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messageStartCarriesPrefixAndHeaderCopy() {
        ByteBuffer header = ByteBuffer.wrap(new byte[] {9, 1, 2, 3}).position(1);
        ByteBuffer start = FrameCodec.encodeMessageStart(header, 1000);
        assertThat(header.position()).as("caller's header untouched").isEqualTo(1);
        assertThat(start.get(FrameCodec.TYPE_OFFSET)).isEqualTo(FrameCodec.TYPE_MESSAGE);
        assertThat(start.getInt(FrameCodec.HEADER_LENGTH_OFFSET)).isEqualTo(3);
        assertThat(start.getInt(FrameCodec.BODY_LENGTH_OFFSET)).isEqualTo(1000);
        assertThat(start.remaining()).isEqualTo(FrameCodec.PREFIX_LENGTH + 3);
        assertThat(start.get(FrameCodec.PREFIX_LENGTH)).isEqualTo((byte) 1);
        assertThat(FrameCodec.peekPrefix(start, 1003))
                .contains(new FrameCodec.Prefix(FrameCodec.TYPE_MESSAGE, 3, 1000));
        assertThat(start.position()).as("peek consumes nothing").isZero();
    }

    @Test
    void badPrefixesAreProtocolErrors() {
        assertThat(FrameCodec.peekPrefix(ByteBuffer.allocate(FrameCodec.PREFIX_LENGTH - 1), 1024)).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> FrameCodec.peekPrefix(prefix((byte) 9, 0, 0), 1024))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown frame type 9");
        assertThatThrownBy(() -> FrameCodec.peekPrefix(prefix(FrameCodec.TYPE_MESSAGE, -1, 0), 1024))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> FrameCodec.peekPrefix(prefix(FrameCodec.TYPE_HEARTBEAT, 1, 0), 1024))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("heartbeat");
        assertThatThrownBy(() -> FrameCodec.peekPrefix(prefix(FrameCodec.TYPE_MESSAGE, 1000, 25), 1024))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("1025 bytes exceeds maxMessageBytes 1024");
        assertThatThrownBy(() -> FrameCodec.peekPrefix(prefix(FrameCodec.TYPE_MESSAGE, Integer.MAX_VALUE,
                Integer.MAX_VALUE), 1024)).isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds");
        assertThat(FrameCodec.peekPrefix(FrameCodec.encodeHeartbeat(), 1024))
                .contains(new FrameCodec.Prefix(FrameCodec.TYPE_HEARTBEAT, 0, 0));
    }

    private static ByteBuffer prefix(byte type, int headerLength, int bodyLength) {
        return ByteBuffer.allocate(FrameCodec.PREFIX_LENGTH).put(type).putInt(headerLength).putInt(bodyLength).flip();
    }
}
