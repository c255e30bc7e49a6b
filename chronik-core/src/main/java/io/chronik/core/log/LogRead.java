package io.chronik.core.log;

import java.nio.ByteBuffer;

/**
 * Record batches read from a partition log, as the stored bytes.
 *
 * @param records        zero or more whole v2 record batches, back to back, positioned at 0
 * @param highWatermark  the offset after the last durable record (what consumers may read up to)
 * @param logStartOffset the first offset still stored
 */
public record LogRead(ByteBuffer records, long highWatermark, long logStartOffset) {

    /** The number of record bytes read. */
    public int sizeInBytes() {
        return records.remaining();
    }
}
