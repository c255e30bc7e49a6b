package io.chronik.core.cluster;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.Uuid;

/**
 * The channel prefix of every replication-transport header the node sends; the engine's own message
 * ({@link io.chronik.core.raft.MessageCodec}) follows it. Big-endian.
 *
 * <pre>
 *   0  kind : int8   (0 = metadata, 1 = partition)
 * partition only:
 *   1  topic id, most significant bits  : int64
 *   9  topic id, least significant bits : int64
 *  17  partition                        : int32
 * </pre>
 *
 * A prefix that is cut short, names an unknown kind or a negative partition is refused with
 * {@link PeerFormatException}.
 */
public final class PeerChannelCodec {

    static final byte KIND_METADATA = 0;
    static final byte KIND_PARTITION = 1;

    static final int KIND_OFFSET = 0;
    static final int TOPIC_MSB_OFFSET = KIND_OFFSET + Byte.BYTES;
    static final int TOPIC_LSB_OFFSET = TOPIC_MSB_OFFSET + Long.BYTES;
    static final int PARTITION_OFFSET = TOPIC_LSB_OFFSET + Long.BYTES;
    static final int PARTITION_PREFIX_BYTES = PARTITION_OFFSET + Integer.BYTES;
    static final int METADATA_PREFIX_BYTES = TOPIC_MSB_OFFSET;

    private PeerChannelCodec() {
    }

    /** A new buffer holding the prefix for {@code channel} followed by {@code message} (position to limit). */
    public static ByteBuffer encode(PeerChannel channel, ByteBuffer message) {
        ByteBuffer out = ByteBuffer.allocate(prefixBytes(channel) + message.remaining());
        if (channel instanceof PeerChannel.Partition p) {
            out.put(KIND_PARTITION)
                    .putLong(p.topicId().getMostSignificantBits())
                    .putLong(p.topicId().getLeastSignificantBits())
                    .putInt(p.partition());
        } else {
            out.put(KIND_METADATA);
        }
        out.put(message.duplicate());
        return out.flip();
    }

    /**
     * Reads the prefix at {@code header}'s position and leaves the position at the message behind it.
     *
     * @throws PeerFormatException if the prefix is malformed
     */
    public static PeerChannel decode(ByteBuffer header) {
        try {
            byte kind = header.get();
            return switch (kind) {
                case KIND_METADATA -> PeerChannel.METADATA;
                case KIND_PARTITION -> {
                    Uuid topicId = new Uuid(header.getLong(), header.getLong());
                    int partition = header.getInt();
                    if (partition < 0) {
                        throw new PeerFormatException("negative partition " + partition + " in a channel prefix");
                    }
                    yield new PeerChannel.Partition(topicId, partition);
                }
                default -> throw new PeerFormatException("unknown channel kind " + kind);
            };
        } catch (BufferUnderflowException e) {
            throw new PeerFormatException("channel prefix cut short at " + header.remaining() + " bytes", e);
        }
    }

    private static int prefixBytes(PeerChannel channel) {
        return channel instanceof PeerChannel.Partition ? PARTITION_PREFIX_BYTES : METADATA_PREFIX_BYTES;
    }
}
