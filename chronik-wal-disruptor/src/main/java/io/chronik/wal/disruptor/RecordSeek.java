package io.chronik.wal.disruptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Finds where a read starts, for both read paths ({@link LogReader}, which reads records, and
 * {@link SpanReader}, which hands out file regions): the segment holding the record that contains an
 * offset (by base offset), then in it the sparse index entry at or before the offset, then a walk over
 * at most one index interval of 16-byte record headers. Only visible records are considered (each
 * segment's visible end). Called under the log's read lock, or by the writer under its write lock.
 */
final class RecordSeek {

    /** What a read does with one segment it visits. */
    @FunctionalInterface
    interface SegmentRead {
        /**
         * Reads the segment's visible records from {@code position} (where the read starts in it) up to
         * {@code visibleEnd}.
         *
         * @return whether the read goes on with the next segment
         */
        boolean read(Segment segment, long position, long visibleEnd) throws IOException;
    }

    private RecordSeek() {
    }

    /**
     * Runs a read from {@code fromOffset}: hands {@code read} each segment from the one holding the
     * record that contains the offset, starting at that record in the first segment and at the first
     * record in the others, until it says stop or the segments end. Nothing if nothing is visible.
     */
    static void forEachSegment(NavigableMap<Long, Segment> segments, long lastVisible, long fromOffset, SegmentRead read)
            throws IOException {
        if (lastVisible == Segment.NO_OFFSET) {
            return;
        }
        ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER_LENGTH);
        boolean first = true;
        for (Segment segment : segmentsFrom(segments, fromOffset)) {
            long visibleEnd = segment.visibleEnd();
            long position = first ? seek(segment, fromOffset, visibleEnd, header) : SegmentFormat.HEADER_LENGTH;
            first = false;
            if (!read.read(segment, position, visibleEnd)) {
                return;
            }
        }
    }

    /**
     * The segments a read from {@code fromOffset} visits, in order: from the one holding the record that
     * contains the offset (the first segment if the offset precedes every record) to the last.
     */
    private static Collection<Segment> segmentsFrom(NavigableMap<Long, Segment> segments, long fromOffset) {
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
        return segments.tailMap(start.getKey(), true).values();
    }

    /**
     * The position of the last visible record of {@code segment} with an offset {@code <= fromOffset}
     * (or of its first record), or its visible end if it has none.
     *
     * @param header a {@link RecordCodec#HEADER_LENGTH}-byte scratch buffer
     */
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

    /** Reads and decodes the record header at {@code position} into the scratch buffer {@code header}. */
    static RecordCodec.Header header(SegmentFile file, long position, ByteBuffer header) throws IOException {
        header.clear();
        file.read(header, position);
        return RecordCodec.decodeHeader(header, 0);
    }
}
