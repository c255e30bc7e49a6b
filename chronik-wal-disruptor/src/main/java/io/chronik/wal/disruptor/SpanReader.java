package io.chronik.wal.disruptor;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.wal.WalCorruptionException;
import io.chronik.spi.wal.WalSpan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * The zero-copy read path of a log ({@link io.chronik.spi.wal.WalLog#readSpans}): the same records as
 * {@link LogReader} for the same arguments, each as a {@link MessageBody.Region} of its segment file
 * covering exactly the record's data, the bytes after its {@link RecordCodec} header.
 *
 * <p>It finds the start like {@link LogReader} ({@link RecordSeek}) and then reads only the 16-byte
 * record headers, one positional read each, never the data, so the WAL's CRCs are not checked here
 * (the data goes on untouched; its receiver checks the data's own checksums). The same bounds apply:
 * only visible records (each segment's visible end and the log's last visible offset), so a region
 * never covers a record not yet durable nor a version 2 segment's preallocated zeros, which lie past
 * the visible end; records until the next would pass {@code maxBytes} of data, the first one always.
 *
 * <p>The regions are cut from each segment's read-only {@link SegmentFile#regionChannel()}; their
 * lifetime (deleted segments, truncation, close, interrupts) is described there. Called under the
 * log's read lock; memory is one header buffer plus the returned list.
 */
final class SpanReader {

    private SpanReader() {
    }

    static List<WalSpan> read(NavigableMap<Long, Segment> segments, long lastVisible, long fromOffset, int maxBytes)
            throws IOException {
        ReadBudget budget = new ReadBudget(lastVisible, maxBytes);
        List<WalSpan> result = new ArrayList<>();
        ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER_LENGTH);
        RecordSeek.forEachSegment(segments, lastVisible, fromOffset,
                (segment, position, visibleEnd) -> readSegment(segment, position, visibleEnd, budget, header, result));
        return result;
    }

    /** Adds one segment's records to {@code result} as regions; returns false once the budget is spent. */
    private static boolean readSegment(Segment segment, long from, long visibleEnd, ReadBudget budget,
                                       ByteBuffer header, List<WalSpan> result) throws IOException {
        if (from >= visibleEnd) {
            return true;
        }
        FileChannel channel = segment.file().regionChannel();
        long position = from;
        while (position < visibleEnd) {
            RecordCodec.Header h = RecordSeek.header(segment.file(), position, header);
            if (!budget.admits(h)) {
                return false;
            }
            if (h.length() < 0 || position + h.recordBytes() > visibleEnd) {
                throw new WalCorruptionException(segment.file() + ": the record at file position " + position
                        + " claims " + h.length() + " data bytes, past the visible end " + visibleEnd);
            }
            FileRegion data = new FileRegion(channel, position + RecordCodec.HEADER_LENGTH, h.length());
            result.add(new WalSpan(h.offset(), new MessageBody.Region(data)));
            budget.spend(h);
            position += h.recordBytes();
        }
        return true;
    }
}
