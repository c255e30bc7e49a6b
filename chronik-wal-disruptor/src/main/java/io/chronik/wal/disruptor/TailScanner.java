package io.chronik.wal.disruptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * Tells a torn tail from damage in the middle of a segment. After a bad record, it searches every later
 * byte position for a complete record whose header is plausible (length within bounds, offset above the
 * last good one, inside the file) and whose CRC32C matches. If one exists, acknowledged data follows
 * the damage and must not be cut away silently; if none does, the bytes after the last good record are
 * a torn write or garbage and may be truncated.
 *
 * <p>The file is read in {@value #CHUNK_BYTES}-byte chunks overlapping by one record header, so memory
 * stays bounded whatever the file size; a candidate costs one extra positional read of its record.
 * A limitation shared by every scheme of this kind: if the device persisted a later page of an
 * unacknowledged batch but not an earlier one, this reports middle corruption; the open then fails
 * and an operator decides, which is the safe direction.
 */
final class TailScanner {

    static final int CHUNK_BYTES = 64 * 1024;

    private TailScanner() {
    }

    /**
     * @param from        the first file position to try
     * @param afterOffset the last good offset ({@link Segment#NO_OFFSET} if none); a valid record must
     *                    lie above it
     * @return the file position of the first valid record at or after {@code from}, if any
     */
    static OptionalLong findValidRecord(SegmentFile file, long from, long afterOffset, int maxRecordBytes)
            throws IOException {
        long size = file.size();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        long base = from;
        while (size - base >= RecordCodec.HEADER_LENGTH) {
            int length = (int) Math.min(CHUNK_BYTES, size - base);
            chunk.clear().limit(length);
            file.read(chunk, base);
            for (int i = 0; i + RecordCodec.HEADER_LENGTH <= length; i++) {
                RecordCodec.Header h = RecordCodec.decodeHeader(chunk, i);
                long position = base + i;
                if (h.length() >= 0 && h.length() <= maxRecordBytes && h.offset() > afterOffset
                        && position + h.recordBytes() <= size && crcMatches(file, position, h)) {
                    return OptionalLong.of(position);
                }
            }
            if (length < CHUNK_BYTES) {
                break;
            }
            base += length - (RecordCodec.HEADER_LENGTH - 1);
        }
        return OptionalLong.empty();
    }

    private static boolean crcMatches(SegmentFile file, long position, RecordCodec.Header h) throws IOException {
        ByteBuffer record = ByteBuffer.allocate((int) h.recordBytes());
        file.read(record, position);
        record.flip();
        return RecordCodec.crcMatches(record);
    }

    /**
     * Whether every byte from {@code from} to the end of the file is zero: the preallocated, never
     * written space at the end of a version 2 segment. Such a run holds no valid record (read from
     * zeros, a record has length 0 and a stored CRC of 0, while the CRC32C of its twelve zero header
     * bytes is not 0), so finding it settles where the segment ends. Reads in
     * {@value #CHUNK_BYTES}-byte chunks.
     */
    static boolean onlyZerosFrom(SegmentFile file, long from) throws IOException {
        long size = file.size();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        for (long at = from; at < size; at += chunk.limit()) {
            chunk.clear().limit((int) Math.min(CHUNK_BYTES, size - at));
            file.read(chunk, at);
            chunk.flip();
            while (chunk.remaining() >= Long.BYTES) {
                if (chunk.getLong() != 0) {
                    return false;
                }
            }
            while (chunk.hasRemaining()) {
                if (chunk.get() != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
