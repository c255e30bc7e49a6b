package io.chronik.core.log;

import java.nio.ByteBuffer;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The one stored form of a partition's data: a single Kafka v2 record batch, kept byte-for-byte as
 * the producer sent it except for the two header fields the broker owns, {@code baseOffset}
 * (bytes 0–7) and {@code partitionLeaderEpoch} (bytes 12–15). Both lie before the CRC-covered
 * region (which starts at {@code attributes}), so patching them keeps the producer's CRC valid.
 * The layout itself is Kafka's ({@link DefaultRecordBatch}); this class only reads the fields the
 * log needs and patches the two it owns.
 */
public final class StoredBatch {

    private StoredBatch() {
    }

    /** The single v2 batch in {@code bytes}, or a {@link LogException} naming what is wrong. */
    public static MutableRecordBatch parse(ByteBuffer bytes) {
        var iterator = MemoryRecords.readableRecords(bytes.duplicate()).batches().iterator();
        if (!iterator.hasNext()) {
            throw new LogException("no complete record batch in " + bytes.remaining() + " bytes");
        }
        MutableRecordBatch batch = iterator.next();
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            throw new LogException("record batch has magic " + batch.magic() + ", only v2 is stored");
        }
        if (iterator.hasNext()) {
            throw new LogException("more than one record batch in one stored record");
        }
        return batch;
    }

    /** Sets the broker-owned header fields in place; the CRC stays valid. */
    public static void assign(MutableRecordBatch batch, long baseOffset, int leaderEpoch) {
        batch.setLastOffset(baseOffset + lastOffsetDelta(batch));
        batch.setPartitionLeaderEpoch(leaderEpoch);
    }

    /** How many offsets the batch spans minus one (its {@code lastOffsetDelta} field). */
    public static int lastOffsetDelta(RecordBatch batch) {
        return (int) (batch.lastOffset() - batch.baseOffset());
    }
}
