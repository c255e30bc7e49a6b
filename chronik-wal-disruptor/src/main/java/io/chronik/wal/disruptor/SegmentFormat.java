package io.chronik.wal.disruptor;

import io.chronik.spi.wal.WalCorruptionException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The segment file header and the segment file naming scheme (no I/O here).
 *
 * <p>A log is a directory {@code <wal dir>/<log name>/} of segment files named
 * {@code <base offset, 20 decimal digits>.seg}, where the base offset is the logical offset of the
 * segment's first record; sorting the names sorts the segments. Every segment starts with this header,
 * followed by records in the {@link RecordCodec} layout. Integers are big-endian.
 *
 * <pre>
 * position  length  field
 * 0         4       magic, the ASCII bytes "CHRW" (0x43485257)
 * 4         2       format version, {@value #VERSION}
 * 6         2       header length in bytes, {@value #HEADER_LENGTH}
 * 8         8       base offset (must equal the file name and the first record's offset)
 * 16        4       CRC32C of bytes 0..15
 * 20        4       reserved, zero
 * </pre>
 *
 * A reader refuses a magic, version or header length it does not know rather than guessing, so a
 * future format change must bump {@link #VERSION}.
 */
final class SegmentFormat {

    static final int MAGIC = 0x43485257;
    static final short VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int MAGIC_LENGTH = 4;
    static final int VERSION_OFFSET = MAGIC_OFFSET + MAGIC_LENGTH;
    static final int VERSION_LENGTH = 2;
    static final int HEADER_LENGTH_OFFSET = VERSION_OFFSET + VERSION_LENGTH;
    static final int HEADER_LENGTH_LENGTH = 2;
    static final int BASE_OFFSET_OFFSET = HEADER_LENGTH_OFFSET + HEADER_LENGTH_LENGTH;
    static final int BASE_OFFSET_LENGTH = 8;
    static final int HEADER_CRC_OFFSET = BASE_OFFSET_OFFSET + BASE_OFFSET_LENGTH;
    static final int HEADER_CRC_LENGTH = 4;
    static final int RESERVED_OFFSET = HEADER_CRC_OFFSET + HEADER_CRC_LENGTH;
    static final int RESERVED_LENGTH = 4;
    /** Where the first record starts. */
    static final int HEADER_LENGTH = RESERVED_OFFSET + RESERVED_LENGTH;

    static final String SUFFIX = ".seg";
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{20})\\" + SUFFIX);

    private SegmentFormat() {
    }

    /** The file name of the segment whose first record has {@code baseOffset}. */
    static String fileName(long baseOffset) {
        return String.format("%020d%s", baseOffset, SUFFIX);
    }

    /** The base offset a segment file name encodes, or empty if the name is not a segment's. */
    static OptionalLong baseOffsetOf(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A header for a new segment, positioned at 0 with {@link #HEADER_LENGTH} bytes remaining. */
    static ByteBuffer encodeHeader(long baseOffset) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        header.putInt(MAGIC_OFFSET, MAGIC)
                .putShort(VERSION_OFFSET, VERSION)
                .putShort(HEADER_LENGTH_OFFSET, (short) HEADER_LENGTH)
                .putLong(BASE_OFFSET_OFFSET, baseOffset)
                .putInt(HEADER_CRC_OFFSET, headerCrc(header))
                .putInt(RESERVED_OFFSET, 0);
        return header;
    }

    /**
     * Checks a header read from {@code file} and returns its base offset.
     *
     * @param header {@link #HEADER_LENGTH} bytes at absolute positions 0..
     * @throws WalCorruptionException naming the file and the field that is wrong
     */
    static long decodeHeader(ByteBuffer header, Path file) {
        int magic = header.getInt(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new WalCorruptionException(file + ": not a Chronik WAL segment (magic 0x"
                    + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(MAGIC) + ")");
        }
        short version = header.getShort(VERSION_OFFSET);
        if (version != VERSION) {
            throw new WalCorruptionException(file + ": unsupported segment format version " + version
                    + " (this build reads version " + VERSION + ")");
        }
        short length = header.getShort(HEADER_LENGTH_OFFSET);
        if (length != HEADER_LENGTH) {
            throw new WalCorruptionException(file + ": segment header length " + length + ", expected " + HEADER_LENGTH);
        }
        int crc = header.getInt(HEADER_CRC_OFFSET);
        if (crc != headerCrc(header)) {
            throw new WalCorruptionException(file + ": segment header CRC mismatch");
        }
        return header.getLong(BASE_OFFSET_OFFSET);
    }

    private static int headerCrc(ByteBuffer header) {
        CRC32C crc = new CRC32C();
        crc.update(header.duplicate().position(0).limit(HEADER_CRC_OFFSET));
        return (int) crc.getValue();
    }
}
