package io.chronik.examples.wal.simplefile;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The byte format of a log file. Pure: no I/O; {@link LogFile} reads and writes the bytes.
 *
 * <h2>File</h2>
 * <pre>
 * file header, {@value #FILE_HEADER_LENGTH} bytes:
 *   MAGIC_OFFSET    0  int   0x43534657 ("CSFW")
 *   VERSION_OFFSET  4  int   1
 * then records, back to back, until the end of the file.
 * </pre>
 *
 * <h2>Record</h2>
 * <pre>
 *   CRC_OFFSET         0  int   CRC32C of every byte from LENGTH_OFFSET to the end of the data
 *   LENGTH_OFFSET      4  int   data length in bytes, 0 or more
 *   LOG_OFFSET_OFFSET  8  long  the record's logical offset
 *   DATA_OFFSET       16        the data, verbatim
 * </pre>
 * All integers are big-endian. The CRC covers the length, so a damaged length is caught like damaged
 * data; the data is stored verbatim so a record's bytes can be found in the file again.
 */
final class RecordCodec {

    static final int MAGIC = 0x43534657;
    static final int VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int FILE_HEADER_LENGTH = VERSION_OFFSET + Integer.BYTES;

    static final int CRC_OFFSET = 0;
    static final int LENGTH_OFFSET = CRC_OFFSET + Integer.BYTES;
    static final int LOG_OFFSET_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    static final int DATA_OFFSET = LOG_OFFSET_OFFSET + Long.BYTES;
    static final int RECORD_HEADER_LENGTH = DATA_OFFSET;

    private RecordCodec() {
    }

    /** The file header of a new log file, ready to write. */
    static ByteBuffer fileHeader() {
        return ByteBuffer.allocate(FILE_HEADER_LENGTH).putInt(MAGIC_OFFSET, MAGIC).putInt(VERSION_OFFSET, VERSION);
    }

    /** Why a file header is not ours, if it is not. */
    static Optional<String> checkFileHeader(ByteBuffer header) {
        int magic = header.getInt(MAGIC_OFFSET);
        if (magic != MAGIC) {
            return Optional.of(String.format("bad magic 0x%08x, expected 0x%08x", magic, MAGIC));
        }
        int version = header.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            return Optional.of("unsupported format version " + version + ", this plugin reads " + VERSION);
        }
        return Optional.empty();
    }

    /** One record, header and a copy of {@code data}'s remaining bytes, ready to write. */
    static ByteBuffer encode(long offset, ByteBuffer data) {
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER_LENGTH + data.remaining());
        record.putInt(LENGTH_OFFSET, data.remaining()).putLong(LOG_OFFSET_OFFSET, offset);
        record.position(DATA_OFFSET);
        record.put(data.duplicate());
        record.putInt(CRC_OFFSET, crc(record, record.position()));
        return record.flip();
    }

    /** The data length a record header states; not yet checked against anything. */
    static int dataLength(ByteBuffer recordHeader) {
        return recordHeader.getInt(LENGTH_OFFSET);
    }

    static long logOffset(ByteBuffer record) {
        return record.getLong(LOG_OFFSET_OFFSET);
    }

    /** Whether a whole record (header and data, positioned at 0) carries the CRC of its bytes. */
    static boolean crcMatches(ByteBuffer record) {
        return record.getInt(CRC_OFFSET) == crc(record, record.limit());
    }

    /** The CRC of a record's bytes from {@link #LENGTH_OFFSET} to {@code end}. */
    private static int crc(ByteBuffer record, int end) {
        CRC32C crc = new CRC32C();
        crc.update(record.duplicate().position(LENGTH_OFFSET).limit(end));
        return (int) crc.getValue();
    }
}
