package io.chronik.wal.disruptor;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The layout of one record inside a segment (no I/O here). Integers are big-endian.
 *
 * <pre>
 * position  length  field
 * 0         4       data length n, 0..max record bytes
 * 4         8       logical offset (strictly increasing within a log)
 * 12        4       CRC32C over bytes 0..11 (length and offset) followed by the n data bytes
 * 16        n       data, exactly as appended
 * </pre>
 *
 * The CRC covers the header fields as well as the data, so a torn or shifted header is caught as
 * surely as damaged data; a run of zeros (a common torn-tail pattern) never checks out because the
 * CRC32C of twelve zero bytes is not zero.
 */
final class RecordCodec {

    static final int LENGTH_OFFSET = 0;
    static final int LENGTH_LENGTH = 4;
    static final int OFFSET_OFFSET = LENGTH_OFFSET + LENGTH_LENGTH;
    static final int OFFSET_LENGTH = 8;
    static final int CRC_OFFSET = OFFSET_OFFSET + OFFSET_LENGTH;
    static final int CRC_LENGTH = 4;
    /** Where the data starts; the bytes a record costs on top of its data. */
    static final int HEADER_LENGTH = CRC_OFFSET + CRC_LENGTH;

    /**
     * A decoded record header.
     *
     * @param length the data length (not yet validated)
     * @param offset the logical offset
     * @param crc    the stored CRC32C
     */
    record Header(int length, long offset, int crc) {

        /** Header plus data bytes. */
        long recordBytes() {
            return (long) HEADER_LENGTH + length;
        }
    }

    private RecordCodec() {
    }

    /**
     * Writes the header of a record holding {@code data} at {@code target}'s position and advances it
     * by {@link #HEADER_LENGTH}. Neither {@code data}'s position nor its content changes.
     */
    static void encodeHeader(ByteBuffer target, long offset, ByteBuffer data) {
        int start = target.position();
        target.putInt(start + LENGTH_OFFSET, data.remaining());
        target.putLong(start + OFFSET_OFFSET, offset);
        CRC32C crc = new CRC32C();
        crc.update(target.duplicate().position(start).limit(start + CRC_OFFSET));
        crc.update(data.duplicate());
        target.putInt(start + CRC_OFFSET, (int) crc.getValue());
        target.position(start + HEADER_LENGTH);
    }

    /** Decodes the header at {@code source}'s absolute position {@code at}. */
    static Header decodeHeader(ByteBuffer source, int at) {
        return new Header(source.getInt(at + LENGTH_OFFSET), source.getLong(at + OFFSET_OFFSET),
                source.getInt(at + CRC_OFFSET));
    }

    /**
     * Whether a whole record (header then data, from {@code record}'s position to its limit) carries a
     * matching CRC. Does not move {@code record}'s position.
     */
    static boolean crcMatches(ByteBuffer record) {
        int start = record.position();
        Header header = decodeHeader(record, start);
        CRC32C crc = new CRC32C();
        crc.update(record.duplicate().position(start).limit(start + CRC_OFFSET));
        crc.update(record.duplicate().position(start + HEADER_LENGTH));
        return (int) crc.getValue() == header.crc();
    }
}
