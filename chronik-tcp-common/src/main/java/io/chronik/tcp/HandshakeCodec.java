package io.chronik.tcp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The handshake both sides of every connection write first, without waiting for the other's, and
 * check before anything else is accepted. All integers are big-endian:
 * <pre>
 * offset  length  field
 * 0       4       magic, one per protocol ("CHKR" replication, "CHKF" forwarding)
 * 4       2       protocol version
 * 6       4       sender node id
 * 10      1       cluster id length n, 1-{@value #MAX_CLUSTER_ID_LENGTH}
 * 11      n       cluster id, US-ASCII
 * </pre>
 * Magic and version keep their place in every future version, so a peer of another protocol or
 * another version is recognised from the first six bytes and refused; the distinct magics keep a
 * replication peer from being taken for a forwarding one and the other way round.
 *
 * <p>Immutable and thread-safe; decoding reads from the buffer's position and advances it only past
 * what it consumed.
 */
public final class HandshakeCodec {

    public static final int MAX_CLUSTER_ID_LENGTH = 64;

    public static final int MAGIC_OFFSET = 0;
    public static final int MAGIC_LENGTH = 4;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + MAGIC_LENGTH;
    public static final int VERSION_LENGTH = 2;
    public static final int NODE_ID_OFFSET = VERSION_OFFSET + VERSION_LENGTH;
    public static final int NODE_ID_LENGTH = 4;
    public static final int CLUSTER_ID_LENGTH_OFFSET = NODE_ID_OFFSET + NODE_ID_LENGTH;
    public static final int CLUSTER_ID_LENGTH_LENGTH = 1;
    public static final int CLUSTER_ID_OFFSET = CLUSTER_ID_LENGTH_OFFSET + CLUSTER_ID_LENGTH_LENGTH;

    private final int magic;
    private final short version;
    private final String protocol;
    private final Function<String, ? extends PeerProtocolException> errors;

    /**
     * @param magic    the protocol's magic
     * @param version  the protocol version this node speaks (and the only one it accepts)
     * @param protocol the protocol's name in error messages, e.g. {@code "replication"}
     * @param errors   makes the protocol's own exception for a malformed or foreign handshake
     */
    public HandshakeCodec(int magic, short version, String protocol,
                          Function<String, ? extends PeerProtocolException> errors) {
        this.magic = magic;
        this.version = version;
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    /**
     * The handshake bytes, ready to write.
     *
     * @throws IllegalArgumentException if the cluster id is empty or longer than
     *                                  {@value #MAX_CLUSTER_ID_LENGTH} bytes
     */
    public ByteBuffer encode(Handshake handshake) {
        byte[] cluster = handshake.clusterId().getBytes(StandardCharsets.US_ASCII);
        if (cluster.length < 1 || cluster.length > MAX_CLUSTER_ID_LENGTH) {
            throw new IllegalArgumentException("cluster id must be 1-" + MAX_CLUSTER_ID_LENGTH + " characters: '"
                    + handshake.clusterId() + "'");
        }
        return ByteBuffer.allocate(CLUSTER_ID_OFFSET + cluster.length)
                .putInt(MAGIC_OFFSET, magic)
                .putShort(VERSION_OFFSET, version)
                .putInt(NODE_ID_OFFSET, handshake.nodeId())
                .put(CLUSTER_ID_LENGTH_OFFSET, (byte) cluster.length)
                .put(CLUSTER_ID_OFFSET, cluster);
    }

    /**
     * Decodes a handshake if the buffer holds all of it.
     *
     * @return the handshake, or empty if more bytes are needed (nothing consumed)
     * @throws PeerProtocolException (of the protocol's own type) if the magic, the version or the
     *                               cluster id length is wrong
     */
    public Optional<Handshake> decode(ByteBuffer buffer) {
        int start = buffer.position();
        if (buffer.remaining() < NODE_ID_OFFSET) {
            return Optional.empty();
        }
        int theirMagic = buffer.getInt(start + MAGIC_OFFSET);
        if (theirMagic != magic) {
            throw errors.apply("not a Chronik " + protocol + " peer: magic 0x" + Integer.toHexString(theirMagic));
        }
        short theirVersion = buffer.getShort(start + VERSION_OFFSET);
        if (theirVersion != version) {
            throw errors.apply("peer speaks " + protocol + " protocol version " + theirVersion + ", this node "
                    + version);
        }
        if (buffer.remaining() < CLUSTER_ID_OFFSET) {
            return Optional.empty();
        }
        int clusterLength = Byte.toUnsignedInt(buffer.get(start + CLUSTER_ID_LENGTH_OFFSET));
        if (clusterLength < 1 || clusterLength > MAX_CLUSTER_ID_LENGTH) {
            throw errors.apply("bad cluster id length in handshake: " + clusterLength);
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
}
