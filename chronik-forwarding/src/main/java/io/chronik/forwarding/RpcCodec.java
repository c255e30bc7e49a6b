package io.chronik.forwarding;

import io.chronik.tcp.Handshake;
import io.chronik.tcp.HandshakeCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The bytes of the {@code tcp} leader forwarder. All integers are big-endian.
 *
 * <h2>Handshake</h2>
 * Both sides write theirs first on every connection and check the other's before anything else: the
 * layout of {@link HandshakeCodec} with magic {@code 0x43484B46} ("CHKF") and protocol version
 * {@value #VERSION}.
 *
 * <h2>Frames</h2>
 * <pre>
 * offset  length  field
 * 0       1       type: {@value #TYPE_REQUEST} request, {@value #TYPE_RESPONSE} response,
 *                 {@value #TYPE_ERROR} error response (payload: the remote error's message, UTF-8)
 * 1       8       correlation id, chosen by the caller, echoed by the response
 * 9       4       payload length p
 * 13      p       payload
 * </pre>
 * A payload longer than the receiver's {@code maxMessageBytes} is a protocol error.
 *
 * <p>Stateless; decoders read from the buffer's position and consume only what they decoded.
 */
final class RpcCodec {

    static final int MAGIC = 0x43484B46;
    static final short VERSION = 1;
    static final HandshakeCodec HANDSHAKE = new HandshakeCodec(MAGIC, VERSION, "forwarding", RpcProtocolException::new);

    static final byte TYPE_REQUEST = 1;
    static final byte TYPE_RESPONSE = 2;
    static final byte TYPE_ERROR = 3;
    static final int TYPE_OFFSET = 0;
    static final int CORRELATION_ID_OFFSET = TYPE_OFFSET + 1;
    static final int PAYLOAD_LENGTH_OFFSET = CORRELATION_ID_OFFSET + 8;
    static final int PREFIX_LENGTH = PAYLOAD_LENGTH_OFFSET + 4;

    private RpcCodec() {
    }

    /** A decoded frame; the payload is a read-only view valid until the reader reads again. */
    record Frame(byte type, long correlationId, ByteBuffer payload) {
    }

    /** The handshake bytes, ready to write. */
    static ByteBuffer encodeHandshake(Handshake handshake) {
        return HANDSHAKE.encode(handshake);
    }

    /**
     * @return the handshake, or empty if more bytes are needed (nothing consumed)
     * @throws RpcProtocolException on a wrong magic, another version or a bad cluster id length
     */
    static Optional<Handshake> decodeHandshake(ByteBuffer buffer) {
        return HANDSHAKE.decode(buffer);
    }

    /** A frame ready to write, with a copy of the payload's remaining bytes. */
    static ByteBuffer encodeFrame(byte type, long correlationId, ByteBuffer payload) {
        int length = payload.remaining();
        return ByteBuffer.allocate(PREFIX_LENGTH + length)
                .put(TYPE_OFFSET, type)
                .putLong(CORRELATION_ID_OFFSET, correlationId)
                .putInt(PAYLOAD_LENGTH_OFFSET, length)
                .put(PREFIX_LENGTH, payload, payload.position(), length);
    }

    /** An error response carrying {@code message}, cut to fit {@code maxMessageBytes}. */
    static ByteBuffer encodeError(long correlationId, String message, int maxMessageBytes) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, maxMessageBytes));
        return encodeFrame(TYPE_ERROR, correlationId, payload);
    }

    /** The message an error payload carries. */
    static String errorMessage(ByteBuffer payload) {
        return StandardCharsets.UTF_8.decode(payload.duplicate()).toString();
    }

    /**
     * Checks the prefix of the next frame without consuming anything.
     *
     * @return the whole frame's length, or empty if the prefix is not complete yet
     * @throws RpcProtocolException on an unknown type or a payload above {@code maxMessageBytes}
     */
    static Optional<Integer> peekFrameLength(ByteBuffer buffer, int maxMessageBytes) {
        if (buffer.remaining() < PREFIX_LENGTH) {
            return Optional.empty();
        }
        int start = buffer.position();
        byte type = buffer.get(start + TYPE_OFFSET);
        int length = buffer.getInt(start + PAYLOAD_LENGTH_OFFSET);
        if (type != TYPE_REQUEST && type != TYPE_RESPONSE && type != TYPE_ERROR) {
            throw new RpcProtocolException("unknown frame type " + type);
        }
        if (length < 0 || length > maxMessageBytes) {
            throw new RpcProtocolException("payload of " + length + " bytes outside 0.." + maxMessageBytes);
        }
        return Optional.of(PREFIX_LENGTH + length);
    }

    /** Decodes the next frame, which {@link #peekFrameLength} found complete, and consumes it. */
    static Frame decodeFrame(ByteBuffer buffer) {
        int start = buffer.position();
        int length = buffer.getInt(start + PAYLOAD_LENGTH_OFFSET);
        Frame frame = new Frame(buffer.get(start + TYPE_OFFSET), buffer.getLong(start + CORRELATION_ID_OFFSET),
                buffer.slice(start + PREFIX_LENGTH, length).asReadOnlyBuffer());
        buffer.position(start + PREFIX_LENGTH + length);
        return frame;
    }
}
