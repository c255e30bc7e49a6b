package io.chronik.examples.wal.simplefile;

import io.chronik.spi.wal.RecoveryReport;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalCorruptionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Reads a log file from the start when it is opened, rebuilds its {@link RecordIndex} and repairs it.
 *
 * <h2>Rules</h2>
 * A file shorter than the file header (a crash right after creating it) is reset to an empty log. A
 * wrong magic or version fails with {@link WalCorruptionException}: the file is not ours to cut.
 * Records are then checked in turn: the header must fit, the length must fit in the file, the CRC must
 * match and the offset must be above the previous one. At the first record that fails, the rest of the
 * file is scanned for any valid record (a CRC-valid record at any byte position):
 * <ul>
 *   <li>none: a torn tail, as a crash during an append leaves it. It is truncated, forced, and
 *       reported in the {@link RecoveryReport};</li>
 *   <li>one or more: damage in the middle of the log. Cutting there would silently drop acknowledged
 *       records, so the open fails with {@link WalCorruptionException} naming the file and position.</li>
 * </ul>
 */
final class LogRecovery {

    /** What recovery found: the index of intact records and where the next record goes. */
    record Recovered(RecordIndex index, long end, RecoveryReport report) {
    }

    private static final int SCAN_WINDOW = 64 * 1024;

    private final LogFile file;
    private final long size;

    private LogRecovery(LogFile file) throws IOException {
        this.file = file;
        this.size = file.size();
    }

    static Recovered recover(LogFile file) throws IOException {
        return new LogRecovery(file).run();
    }

    private Recovered run() throws IOException {
        if (size < RecordCodec.FILE_HEADER_LENGTH) {
            file.truncate(0);
            file.write(0, RecordCodec.fileHeader());
            file.force();
            return new Recovered(new RecordIndex(), RecordCodec.FILE_HEADER_LENGTH, RecoveryReport.EMPTY);
        }
        Optional<String> badHeader = RecordCodec.checkFileHeader(file.read(0, RecordCodec.FILE_HEADER_LENGTH));
        if (badHeader.isPresent()) {
            throw new WalCorruptionException(file.path() + ": not a simple-file log: " + badHeader.get());
        }
        RecordIndex index = new RecordIndex();
        long position = RecordCodec.FILE_HEADER_LENGTH;
        while (position < size) {
            Optional<String> problem = problemAt(position, index);
            if (problem.isPresent()) {
                return cutTail(index, position, problem.get());
            }
            ByteBuffer header = file.read(position, RecordCodec.RECORD_HEADER_LENGTH);
            index.add(RecordCodec.logOffset(header), position);
            position += RecordCodec.RECORD_HEADER_LENGTH + RecordCodec.dataLength(header);
        }
        return new Recovered(index, size, new RecoveryReport(index.count(), 0, Optional.empty(), Optional.empty()));
    }

    /** Why the record at {@code position} is not intact, if it is not. */
    private Optional<String> problemAt(long position, RecordIndex index) throws IOException {
        Optional<ByteBuffer> record = validRecordAt(position);
        if (record.isEmpty()) {
            return Optional.of("no intact record at file position " + position + " (torn or corrupt)");
        }
        long offset = RecordCodec.logOffset(record.get());
        if (index.count() > 0 && offset <= index.offset(index.count() - 1)) {
            return Optional.of("offset " + offset + " at file position " + position + " does not increase");
        }
        return Optional.empty();
    }

    /** The whole record at {@code position} if its header fits, its length fits and its CRC matches. */
    private Optional<ByteBuffer> validRecordAt(long position) throws IOException {
        if (size - position < RecordCodec.RECORD_HEADER_LENGTH) {
            return Optional.empty();
        }
        int length = RecordCodec.dataLength(file.read(position, RecordCodec.RECORD_HEADER_LENGTH));
        if (length < 0 || length > WalConfig.MAX_RECORD_BYTES
                || length > size - position - RecordCodec.RECORD_HEADER_LENGTH) {
            return Optional.empty();
        }
        ByteBuffer record = file.read(position, RecordCodec.RECORD_HEADER_LENGTH + length);
        return RecordCodec.crcMatches(record) ? Optional.of(record) : Optional.empty();
    }

    private Recovered cutTail(RecordIndex index, long position, String problem) throws IOException {
        long validAfter = firstValidRecordAfter(position);
        if (validAfter >= 0) {
            throw new WalCorruptionException(file.path() + ": " + problem + ", but a valid record follows at file"
                    + " position " + validAfter + "; refusing to drop it. Restore the log or remove it.");
        }
        file.truncate(position);
        file.force();
        Optional<Long> lastIntact = index.count() == 0 ? Optional.empty()
                : Optional.of(index.offset(index.count() - 1));
        return new Recovered(index, position, new RecoveryReport(index.count(), size - position, lastIntact,
                Optional.of(problem)));
    }

    /** The position of the first CRC-valid record after {@code position}, or -1 if there is none. */
    private long firstValidRecordAfter(long position) throws IOException {
        for (long base = position + 1; base + RecordCodec.RECORD_HEADER_LENGTH <= size; base += SCAN_WINDOW) {
            ByteBuffer window = file.read(base, (int) Math.min(SCAN_WINDOW + Integer.BYTES * 2L, size - base));
            int candidates = (int) Math.min(SCAN_WINDOW, size - base);
            for (int i = 0; i < candidates && i + RecordCodec.LENGTH_OFFSET + Integer.BYTES <= window.limit(); i++) {
                int length = window.getInt(i + RecordCodec.LENGTH_OFFSET);
                if (length >= 0 && length <= size - base - i - RecordCodec.RECORD_HEADER_LENGTH
                        && validRecordAt(base + i).isPresent()) {
                    return base + i;
                }
            }
        }
        return -1;
    }
}
