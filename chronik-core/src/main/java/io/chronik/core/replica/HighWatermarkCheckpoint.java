package io.chronik.core.replica;

import io.chronik.core.cluster.PeerChannel;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.apache.kafka.common.Uuid;

/**
 * The byte format of the high-watermark checkpoint (Kafka's {@code replication-offset-checkpoint}):
 * the high watermark of every partition replica a node hosts, so a restarted replica serves reads up
 * to it at once instead of waiting for its followers or leader. Partitions are keyed by topic id, so
 * a topic re-created under the same name never inherits its predecessor's high watermark. Big-endian.
 *
 * <pre>
 *   0  magic          : int32  (0x4857434b, "HWCK")
 *   4  version        : int16  (currently 1)
 *   6  entry count    : int32
 *  10  entries        : per partition, {@value #ENTRY_LENGTH} bytes:
 *                         topic id int64 most significant bits | int64 least significant bits
 *                         | partition int32 | high watermark int64
 *  10 + 28 * count
 *      checksum       : int32  (CRC32C of every byte before it)
 * </pre>
 *
 * Decoding checks the magic, version, length and checksum and fails with
 * {@link CheckpointFormatException} naming what is wrong; the caller ignores such a file.
 */
public final class HighWatermarkCheckpoint {

    static final int MAGIC = 0x4857434b;
    static final short VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int COUNT_OFFSET = VERSION_OFFSET + Short.BYTES;
    static final int ENTRIES_OFFSET = COUNT_OFFSET + Integer.BYTES;
    static final int TOPIC_ID_OFFSET = 0;
    static final int PARTITION_OFFSET = TOPIC_ID_OFFSET + 2 * Long.BYTES;
    static final int HIGH_WATERMARK_OFFSET = PARTITION_OFFSET + Integer.BYTES;
    static final int ENTRY_LENGTH = HIGH_WATERMARK_OFFSET + Long.BYTES;
    static final int CHECKSUM_LENGTH = Integer.BYTES;

    private HighWatermarkCheckpoint() {
    }

    public static ByteBuffer encode(Map<PeerChannel.Partition, Long> highWatermarks) {
        Map<PeerChannel.Partition, Long> sorted = new TreeMap<>(HighWatermarkCheckpoint::compare);
        sorted.putAll(highWatermarks);
        ByteBuffer buf = ByteBuffer.allocate(ENTRIES_OFFSET + sorted.size() * ENTRY_LENGTH + CHECKSUM_LENGTH);
        buf.putInt(MAGIC).putShort(VERSION).putInt(sorted.size());
        sorted.forEach((partition, highWatermark) -> buf.putLong(partition.topicId().getMostSignificantBits())
                .putLong(partition.topicId().getLeastSignificantBits()).putInt(partition.partition())
                .putLong(highWatermark));
        buf.putInt(checksum(buf, buf.position()));
        return buf.flip();
    }

    /**
     * @throws CheckpointFormatException if {@code bytes} is not a whole checkpoint of this version
     */
    public static Map<PeerChannel.Partition, Long> decode(ByteBuffer bytes) {
        ByteBuffer buf = bytes.slice();
        try {
            int magic = buf.getInt(MAGIC_OFFSET);
            if (magic != MAGIC) {
                throw new CheckpointFormatException(String.format("magic 0x%08x is not 0x%08x", magic, MAGIC));
            }
            short version = buf.getShort(VERSION_OFFSET);
            if (version != VERSION) {
                throw new CheckpointFormatException("version " + version + " is not supported (this node reads "
                        + VERSION + ")");
            }
            int count = buf.getInt(COUNT_OFFSET);
            long expected = ENTRIES_OFFSET + (long) count * ENTRY_LENGTH + CHECKSUM_LENGTH;
            if (count < 0 || expected != buf.remaining()) {
                throw new CheckpointFormatException(count + " entries need " + expected + " bytes, the file has "
                        + buf.remaining());
            }
            int checksumAt = buf.remaining() - CHECKSUM_LENGTH;
            if (checksum(buf, checksumAt) != buf.getInt(checksumAt)) {
                throw new CheckpointFormatException("checksum mismatch: the file is corrupt");
            }
            Map<PeerChannel.Partition, Long> highWatermarks = new TreeMap<>(HighWatermarkCheckpoint::compare);
            buf.position(ENTRIES_OFFSET);
            for (int i = 0; i < count; i++) {
                Uuid topicId = new Uuid(buf.getLong(), buf.getLong());
                int partition = buf.getInt();
                long highWatermark = buf.getLong();
                if (partition < 0 || highWatermark < 0) {
                    throw new CheckpointFormatException("entry " + i + " has partition " + partition
                            + " and high watermark " + highWatermark);
                }
                highWatermarks.put(new PeerChannel.Partition(topicId, partition), highWatermark);
            }
            return highWatermarks;
        } catch (IndexOutOfBoundsException | BufferUnderflowException e) {
            throw new CheckpointFormatException("cut short at " + buf.limit() + " bytes");
        }
    }

    private static int checksum(ByteBuffer buf, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(0).limit(length));
        return (int) crc.getValue();
    }

    private static int compare(PeerChannel.Partition a, PeerChannel.Partition b) {
        int byTopic = a.topicId().compareTo(b.topicId());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }
}
