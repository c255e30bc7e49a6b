package io.chronik.wal.disruptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Walks a segment's records from its header to the end of the file, checking each record's structure
 * (length within bounds, offsets strictly increasing, the first one equal to the base offset, the record
 * inside the file) and, when asked, its CRC. Feeds every record to the segment's sparse index. Stops at
 * the first bad record and says where and why.
 */
final class SegmentScanner {

    /**
     * @param validEnd   the end of the last good record (where a bad one starts, if any)
     * @param records    the number of good records
     * @param lastOffset the last good record's offset, or {@link Segment#NO_OFFSET}
     * @param problem    what is wrong with the record at {@code validEnd}, if anything
     */
    record Result(long validEnd, long records, long lastOffset, Optional<String> problem) {
    }

    private SegmentScanner() {
    }

    static Result scan(SegmentFile file, long baseOffset, boolean verifyCrc, int maxRecordBytes, SparseIndex index)
            throws IOException {
        long size = file.size();
        long position = SegmentFormat.HEADER_LENGTH;
        long records = 0;
        long last = Segment.NO_OFFSET;
        ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER_LENGTH);
        ByteBuffer scratch = ByteBuffer.allocate(0);
        while (position < size) {
            Optional<String> problem;
            if (size - position < RecordCodec.HEADER_LENGTH) {
                problem = Optional.of("record header torn at file position " + position);
            } else {
                header.clear();
                file.read(header, position);
                RecordCodec.Header h = RecordCodec.decodeHeader(header, 0);
                problem = structureProblem(h, records == 0 ? baseOffset : last, records == 0, maxRecordBytes,
                        size - position, position);
                if (problem.isEmpty() && verifyCrc) {
                    if (scratch.capacity() < h.recordBytes()) {
                        scratch = ByteBuffer.allocate((int) h.recordBytes());
                    }
                    scratch.clear().limit((int) h.recordBytes());
                    file.read(scratch, position);
                    scratch.flip();
                    if (!RecordCodec.crcMatches(scratch)) {
                        problem = Optional.of("CRC mismatch at file position " + position);
                    }
                }
                if (problem.isEmpty()) {
                    index.onRecord(h.offset(), position);
                    last = h.offset();
                    records++;
                    position += h.recordBytes();
                    continue;
                }
            }
            return new Result(position, records, last, problem);
        }
        return new Result(position, records, last, Optional.empty());
    }

    private static Optional<String> structureProblem(RecordCodec.Header h, long expected, boolean first,
                                                     int maxRecordBytes, long remaining, long position) {
        if (h.length() == 0 && h.offset() == 0 && h.crc() == 0) {
            return Optional.of("zero bytes where a record header should be at file position " + position);
        }
        if (h.length() < 0 || h.length() > maxRecordBytes) {
            return Optional.of("invalid record length " + h.length() + " at file position " + position);
        }
        if (first && h.offset() != expected) {
            return Optional.of("first record offset " + h.offset() + " differs from the segment base offset "
                    + expected + " at file position " + position);
        }
        if (!first && h.offset() <= expected) {
            return Optional.of("record offset " + h.offset() + " not above the previous offset " + expected
                    + " at file position " + position);
        }
        if (h.recordBytes() > remaining) {
            return Optional.of("record at file position " + position + " runs " + (h.recordBytes() - remaining)
                    + " bytes past the end of the file");
        }
        return Optional.empty();
    }
}
