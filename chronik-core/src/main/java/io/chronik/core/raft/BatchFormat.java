package io.chronik.core.raft;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A partition's record format: each WAL record is one Kafka v2 record batch, stored at its base
 * offset, exactly as the partition leader stored it (see {@code io.chronik.core.log.StoredBatch}).
 * The engine reads only the header fields below; the layout is Kafka's ({@code DefaultRecordBatch}),
 * big-endian.
 *
 * <pre>
 *   0  baseOffset           : int64   (the WAL offset of the record)
 *   8  batchLength          : int32   (bytes after this field)
 *  12  partitionLeaderEpoch : int32   (the record's epoch, {@code >= 0})
 *  16  magic                : int8    (2)
 *  17  crc                  : uint32
 *  21  attributes           : int16
 *  23  lastOffsetDelta      : int32   (the batch covers [baseOffset, baseOffset + lastOffsetDelta])
 *  27  ... timestamps, producer fields, records (61-byte header in all)
 * </pre>
 *
 * The CRC is not checked here: the leader validated it on produce and the WAL checks its own record
 * checksums; a follower stores the leader's bytes unchanged.
 *
 * <h2>Shipping</h2>
 * A fetch answer carries batches back to back (the parts of a {@link Message.FetchBatches}, sent as
 * they are stored); batches delimit themselves by their length, so the receiver splits them again
 * ({@link #split}).
 */
public final class BatchFormat implements RecordFormat {

    /** The one instance. */
    public static final BatchFormat FORMAT = new BatchFormat();

    static final int BASE_OFFSET_OFFSET = 0;
    static final int LENGTH_OFFSET = BASE_OFFSET_OFFSET + Long.BYTES;
    static final int LEADER_EPOCH_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    static final int MAGIC_OFFSET = LEADER_EPOCH_OFFSET + Integer.BYTES;
    static final int CRC_OFFSET = MAGIC_OFFSET + Byte.BYTES;
    static final int ATTRIBUTES_OFFSET = CRC_OFFSET + Integer.BYTES;
    static final int LAST_OFFSET_DELTA_OFFSET = ATTRIBUTES_OFFSET + Short.BYTES;
    /** Bytes before {@code partitionLeaderEpoch}, which {@code batchLength} does not count. */
    static final int LOG_OVERHEAD = LEADER_EPOCH_OFFSET;
    static final int HEADER_BYTES = 61;
    static final byte MAGIC_V2 = 2;

    private BatchFormat() {
    }

    @Override
    public StoredRecord parse(long walOffset, ByteBuffer data) {
        StoredRecord record = header(data, data.position(), data.remaining());
        if (record.offset() != walOffset) {
            throw new RaftFormatException("record batch stored at offset " + walOffset + " has base offset "
                    + record.offset());
        }
        return record;
    }

    /**
     * Splits back-to-back batches whose first must start at {@code firstOffset}; each must start where
     * the previous one ended.
     *
     * @throws RaftFormatException if a batch is cut short, malformed or not contiguous
     */
    public List<StoredRecord> split(long firstOffset, ByteBuffer batches) {
        List<StoredRecord> out = new ArrayList<>();
        long expected = firstOffset;
        int position = batches.position();
        while (position < batches.limit()) {
            int remaining = batches.limit() - position;
            if (remaining < HEADER_BYTES) {
                throw new RaftFormatException(remaining + " trailing bytes are shorter than a batch header");
            }
            int size = LOG_OVERHEAD + batches.getInt(position + LENGTH_OFFSET);
            if (size < HEADER_BYTES || size > remaining) {
                throw new RaftFormatException("batch at byte " + position + " claims " + size + " bytes, "
                        + remaining + " left");
            }
            StoredRecord record = header(batches, position, size);
            if (record.offset() != expected) {
                throw new RaftFormatException("batch has base offset " + record.offset() + " where " + expected
                        + " was expected");
            }
            out.add(record);
            expected = record.nextOffset();
            position += size;
        }
        return out;
    }

    private static StoredRecord header(ByteBuffer buf, int at, int size) {
        if (size < HEADER_BYTES) {
            throw new RaftFormatException("record batch of " + size + " bytes is shorter than its "
                    + HEADER_BYTES + "-byte header");
        }
        int length = buf.getInt(at + LENGTH_OFFSET);
        if (LOG_OVERHEAD + length != size) {
            throw new RaftFormatException("record batch length field says " + (LOG_OVERHEAD + length)
                    + " bytes, the record has " + size);
        }
        byte magic = buf.get(at + MAGIC_OFFSET);
        if (magic != MAGIC_V2) {
            throw new RaftFormatException("record batch has magic " + magic + ", only v2 is replicated");
        }
        long baseOffset = buf.getLong(at + BASE_OFFSET_OFFSET);
        int epoch = buf.getInt(at + LEADER_EPOCH_OFFSET);
        int lastOffsetDelta = buf.getInt(at + LAST_OFFSET_DELTA_OFFSET);
        if (baseOffset < 0 || epoch < 0 || lastOffsetDelta < 0) {
            throw new RaftFormatException("record batch has base offset " + baseOffset + ", leader epoch " + epoch
                    + ", last offset delta " + lastOffsetDelta + " (none may be negative)");
        }
        return new StoredRecord(baseOffset, baseOffset + lastOffsetDelta + 1, epoch, buf.slice(at, size));
    }
}
