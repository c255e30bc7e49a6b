package io.chronik.spi.wal;

import java.util.Optional;

/**
 * What recovery did when a log was opened.
 *
 * @param recordsRecovered   records found intact
 * @param bytesTruncated     bytes of torn or corrupt tail removed (0 if the tail was clean)
 * @param truncatedFromOffset the logical offset after which the tail was cut, if it was cut (the last
 *                           intact record's offset, or empty if nothing intact preceded it)
 * @param reason             why the tail was cut (e.g. "CRC mismatch at file position 4096"), if it was
 */
public record RecoveryReport(long recordsRecovered, long bytesTruncated, Optional<Long> truncatedFromOffset,
                             Optional<String> reason) {

    /** A log that was empty or new. */
    public static final RecoveryReport EMPTY = new RecoveryReport(0, 0, Optional.empty(), Optional.empty());

    /** Whether anything was dropped. */
    public boolean truncated() {
        return bytesTruncated > 0;
    }
}
