package io.chronik.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.tcp.Handshake;
import io.chronik.tcp.HandshakeCodec;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RpcCodecTest {

    @Test
    void handshakeRoundTripsAndRefusesOtherVersionsAndMagic() {
        ByteBuffer encoded = RpcCodec.encodeHandshake(new Handshake(4, "prod"));
        assertThat(encoded.getInt(HandshakeCodec.MAGIC_OFFSET)).isEqualTo(0x43484B46);
        assertThat(RpcCodec.decodeHandshake(encoded.duplicate())).contains(new Handshake(4, "prod"));
        assertThat(RpcCodec.decodeHandshake(encoded.duplicate().limit(HandshakeCodec.CLUSTER_ID_OFFSET + 2))).isEmpty();

        ByteBuffer otherVersion = RpcCodec.encodeHandshake(new Handshake(4, "prod")).putShort(HandshakeCodec.VERSION_OFFSET, (short) 9);
        assertThatThrownBy(() -> RpcCodec.decodeHandshake(otherVersion)).isInstanceOf(RpcProtocolException.class)
                .hasMessageContaining("version 9");
        ByteBuffer replication = RpcCodec.encodeHandshake(new Handshake(4, "prod")).putInt(0, 0x43484B52);
        assertThatThrownBy(() -> RpcCodec.decodeHandshake(replication)).isInstanceOf(RpcProtocolException.class)
                .hasMessageContaining("magic");
    }

    @Test
    void framesFollowTheDocumentedLayout() {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3});
        ByteBuffer frame = RpcCodec.encodeFrame(RpcCodec.TYPE_REQUEST, 0x0102030405060708L, payload);
        assertThat(payload.remaining()).as("caller's payload untouched").isEqualTo(3);
        assertThat(frame.remaining()).isEqualTo(RpcCodec.PREFIX_LENGTH + 3);
        assertThat(frame.getLong(RpcCodec.CORRELATION_ID_OFFSET)).isEqualTo(0x0102030405060708L);
        assertThat(RpcCodec.peekFrameLength(frame.duplicate().limit(RpcCodec.PREFIX_LENGTH - 1), 10)).isEmpty();
        assertThat(RpcCodec.peekFrameLength(frame, 3)).contains(RpcCodec.PREFIX_LENGTH + 3);

        RpcCodec.Frame decoded = RpcCodec.decodeFrame(frame);
        assertThat(decoded.type()).isEqualTo(RpcCodec.TYPE_REQUEST);
        assertThat(decoded.correlationId()).isEqualTo(0x0102030405060708L);
        assertThat(decoded.payload().isReadOnly()).isTrue();
        assertThat(decoded.payload().get(2)).isEqualTo((byte) 3);
        assertThat(frame.hasRemaining()).isFalse();
    }

    @Test
    void badFramesAreProtocolErrors() {
        ByteBuffer big = RpcCodec.encodeFrame(RpcCodec.TYPE_RESPONSE, 1, ByteBuffer.allocate(11));
        assertThatThrownBy(() -> RpcCodec.peekFrameLength(big, 10)).isInstanceOf(RpcProtocolException.class)
                .hasMessageContaining("11 bytes");
        ByteBuffer unknown = RpcCodec.encodeFrame((byte) 7, 1, ByteBuffer.allocate(0));
        assertThatThrownBy(() -> RpcCodec.peekFrameLength(unknown, 10)).isInstanceOf(RpcProtocolException.class)
                .hasMessageContaining("type 7");
    }

    @Test
    void errorMessagesAreCutToTheLimit() {
        ByteBuffer frame = RpcCodec.encodeError(5, "x".repeat(5000), 1024);
        RpcCodec.Frame decoded = RpcCodec.decodeFrame(frame);
        assertThat(decoded.type()).isEqualTo(RpcCodec.TYPE_ERROR);
        assertThat(RpcCodec.errorMessage(decoded.payload())).hasSize(1024);
    }
}
