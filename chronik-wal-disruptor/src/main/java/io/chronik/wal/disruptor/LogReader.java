package io.chronik.wal.disruptor;

import io.chronik.spi.wal.WalCorruptionException;
import io.chronik.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * The read path of a log: finds the record containing an offset ({@link RecordSeek}) and streams records
 * from there until the byte budget is spent. Only what readers may see is read (each segment's visible end);
 * every record's CRC is checked on the way.
 *
 * <p>Records are read in runs: one positional read fills a window as large as the remaining budget
 * (plus {@link #HEADER_SLACK} for the record headers, at most {@link #MAX_WINDOW}, never past the
 * visible end), and the records in it are returned as read-only slices of that one buffer, instead of
 * two reads and a buffer per record. A record that does not fit the window starts the next window; a
 * record larger than a whole window is read on its own.
 *
 * <p>Memory: the records returned (at most {@code maxBytes} of data, or the one record that alone
 * exceeds it) with their headers, plus per window the cut-off start of the record read again by the
 * next one (or the window skipped for a record larger than it), and a 16-byte header buffer; never a
 * whole segment. Called under the log's read lock.
 */
final class LogReader {

    /** Bytes a window holds beyond the remaining data budget: room for the headers of 64 records. */
    static final int HEADER_SLACK = 64 * RecordCodec.HEADER_LENGTH;
    /**
     * The largest window. Kept well under half a G1 region (1 MiB with small heaps): a larger array is
     * a humongous allocation, and a Fetch allocating those in a loop makes G1 collect over and over.
     */
    static final int MAX_WINDOW = 256 * 1024;

    private LogReader() {
    }

    static List<WalRecord> read(NavigableMap<Long, Segment> segments, long lastVisible, long fromOffset, int maxBytes)
            throws IOException {
        ReadBudget budget = new ReadBudget(lastVisible, maxBytes);
        List<WalRecord> result = new ArrayList<>();
        RecordSeek.forEachSegment(segments, lastVisible, fromOffset,
                (segment, position, visibleEnd) -> readSegment(segment, position, visibleEnd, budget, result));
        return result;
    }

    /** Reads one segment's records into {@code result}; returns false once the budget is spent. */
    private static boolean readSegment(Segment segment, long from, long visibleEnd, ReadBudget budget,
                                       List<WalRecord> result) throws IOException {
        long position = from;
        while (position < visibleEnd) {
            long window = Math.min(visibleEnd - position, Math.min(budget.remaining() + HEADER_SLACK, MAX_WINDOW));
            ByteBuffer run = ByteBuffer.allocate((int) window);
            segment.file().read(run, position);
            run.flip();
            int at = 0;
            while (run.limit() - at >= RecordCodec.HEADER_LENGTH) {
                RecordCodec.Header h = RecordCodec.decodeHeader(run, at);
                if (!budget.admits(h)) {
                    return false;
                }
                ByteBuffer record;
                if (h.recordBytes() <= run.limit() - at) {
                    record = verified(segment.file(), position + at, h, run.slice(at, (int) h.recordBytes()));
                } else if (at == 0) {
                    record = record(segment.file(), position, h);
                } else {
                    break;
                }
                result.add(new WalRecord(h.offset(), record));
                budget.spend(h);
                at += (int) h.recordBytes();
            }
            if (at == 0) {
                throw new WalCorruptionException(segment.file() + ": a record header is cut short at file position "
                        + position + " before the visible end " + visibleEnd);
            }
            position += at;
        }
        return true;
    }

    private static ByteBuffer record(SegmentFile file, long position, RecordCodec.Header h) throws IOException {
        ByteBuffer record = ByteBuffer.allocate((int) h.recordBytes());
        file.read(record, position);
        return verified(file, position, h, record.flip());
    }

    /** The data of {@code record} (header then data, position to limit) once its CRC is checked. */
    private static ByteBuffer verified(SegmentFile file, long position, RecordCodec.Header h, ByteBuffer record) {
        if (!RecordCodec.crcMatches(record)) {
            throw new WalCorruptionException(file + ": CRC mismatch in the record with offset " + h.offset()
                    + " at file position " + position);
        }
        return record.position(RecordCodec.HEADER_LENGTH).slice().asReadOnlyBuffer();
    }
}
