package io.chronik.replication.tcp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The bytes of the {@code tcp} replication transport. All integers are big-endian.
 *
 * <h2>Handshake</h2>
 * Both sides write their handshake as the first bytes of every connection, without waiting for the
 * other's, and check the other's before anything else is accepted:
 * <pre>
 * offset  length  field
 * 0       4       magic 0x43484B52 ("CHKR")
 * 4       2       protocol version, {@value #VERSION}
 * 6       4       sender node id
 * 10      1       cluster id length n, 1-{@value #MAX_CLUSTER_ID_LENGTH}
 * 11      n       cluster id, US-ASCII
 * </pre>
 * Magic and version keep their place in every future version, so a peer speaking another version is
 * recognised from the first six bytes and refused.
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
    static final int MAX_CLUSTER_ID_LENGTH = 64;

    static final int MAGIC_OFFSET = 0;
    static final int MAGIC_LENGTH = 4;
    static final int VERSION_OFFSET = MAGIC_OFFSET + MAGIC_LENGTH;
    static final int VERSION_LENGTH = 2;
    static final int NODE_ID_OFFSET = VERSION_OFFSET + VERSION_LENGTH;
    static final int NODE_ID_LENGTH = 4;
    static final int CLUSTER_ID_LENGTH_OFFSET = NODE_ID_OFFSET + NODE_ID_LENGTH;
    static final int CLUSTER_ID_LENGTH_LENGTH = 1;
    static final int CLUSTER_ID_OFFSET = CLUSTER_ID_LENGTH_OFFSET + CLUSTER_ID_LENGTH_LENGTH;

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
        byte[] cluster = handshake.clusterId().getBytes(StandardCharsets.US_ASCII);
        if (cluster.length < 1 || cluster.length > MAX_CLUSTER_ID_LENGTH) {
            throw new IllegalArgumentException("cluster id must be 1-" + MAX_CLUSTER_ID_LENGTH + " characters: '"
                    + handshake.clusterId() + "'");
        }
        ByteBuffer buffer = ByteBuffer.allocate(CLUSTER_ID_OFFSET + cluster.length);
        buffer.putInt(MAGIC_OFFSET, MAGIC)
                .putShort(VERSION_OFFSET, VERSION)
                .putInt(NODE_ID_OFFSET, handshake.nodeId())
                .put(CLUSTER_ID_LENGTH_OFFSET, (byte) cluster.length)
                .put(CLUSTER_ID_OFFSET, cluster);
        return buffer;
    }

    /**
     * Decodes a handshake if the buffer holds all of it.
     *
     * @return the handshake, or empty if more bytes are needed (nothing consumed)
     * @throws ProtocolException if the magic, version or cluster id length is wrong
     */
    static Optional<Handshake> decodeHandshake(ByteBuffer buffer) {
        int start = buffer.position();
        if (buffer.remaining() < NODE_ID_OFFSET) {
            return Optional.empty();
        }
        int magic = buffer.getInt(start + MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new ProtocolException("not a Chronik replication peer: magic 0x" + Integer.toHexString(magic));
        }
        short version = buffer.getShort(start + VERSION_OFFSET);
        if (version != VERSION) {
            throw new ProtocolException("peer speaks protocol version " + version + ", this node " + VERSION);
        }
        if (buffer.remaining() < CLUSTER_ID_OFFSET) {
            return Optional.empty();
        }
        int clusterLength = Byte.toUnsignedInt(buffer.get(start + CLUSTER_ID_LENGTH_OFFSET));
        if (clusterLength < 1 || clusterLength > MAX_CLUSTER_ID_LENGTH) {
            throw new ProtocolException("bad cluster id length in handshake: " + clusterLength);
        }
        if (buffer.remaining() < CLUSTER_ID_OFFSET + clusterLength) {
            return Optional.empty();
        }
        byte[] cluster = new byte[clusterLength];
        buffer.get(start + CLUSTER_ID_OFFSET, cluster);
        int nodeId = buffer.getInt(start + NODE_ID_OFFSET);
        buffer.position(start + CLUSTER_ID_OFFSET + clusterLength);
        return Optional.of(new Handshake(nodeId, new String(cluster, StandardCharsets.US_ASCII)));
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
