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
 * 4         2       format version: {@value #VERSION_1} or {@value #VERSION_2} (written)
 * 6         2       header length in bytes, {@value #HEADER_LENGTH}
 * 8         8       base offset (must equal the file name and the first record's offset)
 * 16        4       CRC32C of bytes 0..15
 * 20        4       reserved, zero
 * </pre>
 *
 * A reader refuses a magic, version or header length it does not know rather than guessing, so a
 * future format change must bump the version.
 *
 * <h2>Versions</h2>
 * <ul>
 *   <li><b>1</b>: the file ends exactly at the end of its last record; anything after it (zeros
 *       included) is a torn tail.</li>
 *   <li><b>2</b> (written since preallocation): same header and record layout, but the file may be
 *       longer than its records: the writer extends it with written zeros ahead of the records
 *       ({@code wal.disruptor.preallocate.bytes}), so a force overwrites blocks the file already owns
 *       and commits no size change. Where a record header should start, zero bytes up to the end of
 *       the file are that preallocated, never-written space: the clean end of the segment, not
 *       damage. Anything else after the last good record is still a torn tail or corruption. Only the
 *       last segment of a log may have such a zero tail: the writer cuts a segment to its records
 *       before it rolls to the next one. The header does not record the preallocated length: it grows
 *       chunk by chunk, and the zeros themselves mark it.</li>
 * </ul>
 * Version 1 files are still read, and appended to as version 1 (never preallocated); a version 1
 * reader refuses a version 2 file instead of cutting its zero tail as a torn one.
 */
final class SegmentFormat {

    static final int MAGIC = 0x43485257;
    /** Records end where the file ends. */
    static final short VERSION_1 = 1;
    /** The file may end in preallocated zeros after its last record. */
    static final short VERSION_2 = 2;
    /** What new segments are written as. */
    static final short VERSION = VERSION_2;

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
     * A checked segment header.
     *
     * @param version    {@link #VERSION_1} or {@link #VERSION_2}
     * @param baseOffset the offset of the segment's first record
     */
    record Header(short version, long baseOffset) {

        /** Whether zeros after the last record are preallocated space (version 2) rather than a torn tail. */
        boolean mayEndInZeros() {
            return version >= VERSION_2;
        }
    }

    /**
     * Checks a header read from {@code file}.
     *
     * @param header {@link #HEADER_LENGTH} bytes at absolute positions 0..
     * @throws WalCorruptionException naming the file and the field that is wrong
     */
    static Header decodeHeader(ByteBuffer header, Path file) {
        int magic = header.getInt(MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new WalCorruptionException(file + ": not a Chronik WAL segment (magic 0x"
                    + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(MAGIC) + ")");
        }
        short version = header.getShort(VERSION_OFFSET);
        if (version != VERSION_1 && version != VERSION_2) {
            throw new WalCorruptionException(file + ": unsupported segment format version " + version
                    + " (this build reads versions " + VERSION_1 + " and " + VERSION_2 + ")");
        }
        short length = header.getShort(HEADER_LENGTH_OFFSET);
        if (length != HEADER_LENGTH) {
            throw new WalCorruptionException(file + ": segment header length " + length + ", expected " + HEADER_LENGTH);
        }
        int crc = header.getInt(HEADER_CRC_OFFSET);
        if (crc != headerCrc(header)) {
            throw new WalCorruptionException(file + ": segment header CRC mismatch");
        }
        return new Header(version, header.getLong(BASE_OFFSET_OFFSET));
    }

    private static int headerCrc(ByteBuffer header) {
        CRC32C crc = new CRC32C();
        crc.update(header.duplicate().position(0).limit(HEADER_CRC_OFFSET));
        return (int) crc.getValue();
    }
}
