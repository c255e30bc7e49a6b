package io.chronik.replication.tcp;

import io.chronik.tcp.Handshake;
import io.chronik.tcp.HandshakeCodec;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The bytes of the {@code tcp} replication transport. All integers are big-endian.
 *
 * <h2>Handshake</h2>
 * Both sides write their handshake as the first bytes of every connection, without waiting for the
 * other's, and check the other's before anything else is accepted: the layout of {@link HandshakeCodec}
 * with magic {@code 0x43484B52} ("CHKR") and protocol version {@value #VERSION}.
 *
 * <h2>Frames</h2>
 * After the handshake a connection carries frames, each a fixed prefix and two byte runs:
 * <pre>
 * offset  length  field
 * 0       1       type: {@value #TYPE_MESSAGE} message, {@value #TYPE_HEARTBEAT} heartbeat
 * 1       4       header length h (0 for a heartbeat)
 * 5       4       body length b (0 for a heartbeat)
 * 9       h       header bytes
 * 9+h     b       body bytes
 * </pre>
 * A message whose {@code h + b} exceeds the receiver's {@code maxMessageBytes} is a protocol error.
 *
 * <p>Stateless; decoding methods read from the buffer's position and advance it only past what they
 * consumed.
 */
final class FrameCodec {

    static final int MAGIC = 0x43484B52;
    static final short VERSION = 1;
    static final HandshakeCodec HANDSHAKE = new HandshakeCodec(MAGIC, VERSION, "replication", ProtocolException::new);

    static final byte TYPE_MESSAGE = 1;
    static final byte TYPE_HEARTBEAT = 2;
    static final int TYPE_OFFSET = 0;
    static final int TYPE_LENGTH = 1;
    static final int HEADER_LENGTH_OFFSET = TYPE_OFFSET + TYPE_LENGTH;
    static final int HEADER_LENGTH_LENGTH = 4;
    static final int BODY_LENGTH_OFFSET = HEADER_LENGTH_OFFSET + HEADER_LENGTH_LENGTH;
    static final int BODY_LENGTH_LENGTH = 4;
    static final int PREFIX_LENGTH = BODY_LENGTH_OFFSET + BODY_LENGTH_LENGTH;

    private FrameCodec() {
    }

    /** The start of a frame: its type and the lengths of the two runs that follow. */
    record Prefix(byte type, int headerLength, int bodyLength) {
        int runsLength() {
            return headerLength + bodyLength;
        }
    }

    /** The handshake bytes, ready to write. */
    static ByteBuffer encodeHandshake(Handshake handshake) {
        return HANDSHAKE.encode(handshake);
    }

    /**
     * Decodes a handshake if the buffer holds all of it.
     *
     * @return the handshake, or empty if more bytes are needed (nothing consumed)
     * @throws ProtocolException if the magic, version or cluster id length is wrong
     */
    static Optional<Handshake> decodeHandshake(ByteBuffer buffer) {
        return HANDSHAKE.decode(buffer);
    }

    /** A message's prefix followed by a copy of its header; the body is written after it separately. */
    static ByteBuffer encodeMessageStart(ByteBuffer header, long bodyLength) {
        int headerLength = header.remaining();
        ByteBuffer buffer = ByteBuffer.allocate(PREFIX_LENGTH + headerLength);
        buffer.put(TYPE_OFFSET, TYPE_MESSAGE)
                .putInt(HEADER_LENGTH_OFFSET, headerLength)
                .putInt(BODY_LENGTH_OFFSET, Math.toIntExact(bodyLength))
                .put(PREFIX_LENGTH, header, header.position(), headerLength);
        return buffer;
    }

    /** A heartbeat frame, ready to write. */
    static ByteBuffer encodeHeartbeat() {
        return ByteBuffer.allocate(PREFIX_LENGTH).put(TYPE_OFFSET, TYPE_HEARTBEAT);
    }

    /**
     * Decodes a frame prefix if the buffer holds all of it, without consuming it.
     *
     * @param maxMessageBytes the largest {@code header + body} this node accepts
     * @throws ProtocolException on an unknown type, a negative length, a heartbeat with runs, or a
     *                           message larger than {@code maxMessageBytes}
     */
    static Optional<Prefix> peekPrefix(ByteBuffer buffer, int maxMessageBytes) {
        if (buffer.remaining() < PREFIX_LENGTH) {
            return Optional.empty();
        }
        int start = buffer.position();
        byte type = buffer.get(start + TYPE_OFFSET);
        int headerLength = buffer.getInt(start + HEADER_LENGTH_OFFSET);
        int bodyLength = buffer.getInt(start + BODY_LENGTH_OFFSET);
        if (type != TYPE_MESSAGE && type != TYPE_HEARTBEAT) {
            throw new ProtocolException("unknown frame type " + type);
        }
        if (headerLength < 0 || bodyLength < 0) {
            throw new ProtocolException("negative length in frame: header " + headerLength + ", body " + bodyLength);
        }
        if (type == TYPE_HEARTBEAT && (headerLength != 0 || bodyLength != 0)) {
            throw new ProtocolException("heartbeat frame with content: header " + headerLength + ", body "
                    + bodyLength);
        }
        long size = (long) headerLength + bodyLength;
        if (size > maxMessageBytes) {
            throw new ProtocolException("message of " + size + " bytes exceeds maxMessageBytes " + maxMessageBytes);
        }
        return Optional.of(new Prefix(type, headerLength, bodyLength));
    }
}
