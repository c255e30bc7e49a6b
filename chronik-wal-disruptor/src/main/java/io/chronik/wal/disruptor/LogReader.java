package io.chronik.wal.disruptor;

import io.chronik.spi.wal.WalCorruptionException;
import io.chronik.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The read path of a log: finds the record containing an offset (segment by base offset, then the
 * sparse index, then a walk over at most one index interval of record headers) and streams records from
 * there with positional reads, one record at a time, until the byte budget is spent. Only what readers
 * may see is read (each segment's visible end); every record's CRC is checked on the way.
 *
 * <p>Memory: the records returned (at most {@code maxBytes} of data, or the one record that alone
 * exceeds it) plus a 16-byte header buffer; never a whole segment. Called under the log's read lock.
 */
final class LogReader {

    private LogReader() {
    }

    static List<WalRecord> read(NavigableMap<Long, Segment> segments, long lastVisible, long fromOffset, int maxBytes)
            throws IOException {
        if (lastVisible == Segment.NO_OFFSET) {
            return List.of();
        }
        Map.Entry<Long, Segment> start = segments.floorEntry(fromOffset);
        // A segment just rolled to may have nothing visible yet: the record containing the offset is earlier.
        while (start != null && start.getValue().visibleEnd() <= SegmentFormat.HEADER_LENGTH
                && segments.lowerEntry(start.getKey()) != null) {
            start = segments.lowerEntry(start.getKey());
        }
        if (start == null) {
            start = segments.firstEntry();
            if (start == null) {
                return List.of();
            }
        }
        List<WalRecord> result = new ArrayList<>();
        long bytes = 0;
        ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER_LENGTH);
        boolean first = true;
        for (Segment segment : segments.tailMap(start.getKey(), true).values()) {
            long visibleEnd = segment.visibleEnd();
            long position = first ? seek(segment, fromOffset, visibleEnd, header) : SegmentFormat.HEADER_LENGTH;
            first = false;
            while (position < visibleEnd) {
                RecordCodec.Header h = header(segment.file(), position, header);
                if (h.offset() > lastVisible || !result.isEmpty() && bytes + h.length() > maxBytes) {
                    return result;
                }
                result.add(new WalRecord(h.offset(), record(segment.file(), position, h)));
                bytes += h.length();
                position += h.recordBytes();
            }
        }
        return result;
    }

    /** The position of the last visible record with an offset {@code <= fromOffset} (or the first one). */
    private static long seek(Segment segment, long fromOffset, long visibleEnd, ByteBuffer header) throws IOException {
        long position = segment.index().floorPosition(fromOffset);
        while (position < visibleEnd) {
            long next = position + header(segment.file(), position, header).recordBytes();
            if (next >= visibleEnd || header(segment.file(), next, header).offset() > fromOffset) {
                return position;
            }
            position = next;
        }
        return position;
    }

    static RecordCodec.Header header(SegmentFile file, long position, ByteBuffer header) throws IOException {
        header.clear();
        file.read(header, position);
        return RecordCodec.decodeHeader(header, 0);
    }

    private static ByteBuffer record(SegmentFile file, long position, RecordCodec.Header h) throws IOException {
        ByteBuffer record = ByteBuffer.allocate((int) h.recordBytes());
        file.read(record, position);
        record.flip();
        if (!RecordCodec.crcMatches(record)) {
            throw new WalCorruptionException(file + ": CRC mismatch in the record with offset " + h.offset()
                    + " at file position " + position);
        }
        return record.position(RecordCodec.HEADER_LENGTH).slice().asReadOnlyBuffer();
    }
}
