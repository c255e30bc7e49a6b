package io.chronik.core.log;

import io.chronik.spi.wal.WalSpan;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Record batches read from a partition log, as the WAL handed them out: regions of its files or
 * buffers ({@link WalSpan}), to be sent on without copying (a Fetch response) or copied with
 * {@link #copyRecords()}. A region is a view: use it soon, retention may free its file.
 *
 * @param records        zero or more whole v2 record batches in offset order, all below the high watermark
 * @param highWatermark  the offset after the last committed record (what consumers may read up to)
 * @param logStartOffset the first offset still stored
 */
public record LogRead(List<WalSpan> records, long highWatermark, long logStartOffset) {

    public LogRead {
        records = List.copyOf(records);
    }

    /** The number of record bytes read. */
    public int sizeInBytes() {
        return records.stream().mapToInt(WalSpan::size).sum();
    }

    /**
     * The batches back to back in one new buffer (positioned at 0), file regions read with positional reads.
     *
     * @throws io.chronik.spi.wal.WalException if a region's file was closed or shortened meanwhile
     */
    public ByteBuffer copyRecords() {
        return SpanCopier.copy(records.stream().map(WalSpan::data).toList());
    }
}
