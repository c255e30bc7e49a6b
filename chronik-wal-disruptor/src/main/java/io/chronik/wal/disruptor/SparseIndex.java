package io.chronik.wal.disruptor;

import java.util.Arrays;

/**
 * A sparse in-memory index of one segment: a (logical offset, file position) pair for the first record
 * after every {@code intervalBytes} of the segment, so a read seeks close to its start and then walks at
 * most one interval of record headers.
 *
 * <p>Why in memory and not an index file: it is rebuilt at open from record headers that recovery
 * walks anyway (16 bytes per record, one positional read each), it costs 16 bytes per interval
 * (4 MiB per GiB of segments at the default 4 KiB interval), and it removes a second file per segment
 * whose own torn writes, fsyncs and consistency with the segment would need their own recovery.
 *
 * <h2>Threading</h2>
 * One writer adds and truncates entries (the WAL writer, or the recovering thread before the log is
 * published); any number of readers look up concurrently. Entries are written before the volatile
 * count that publishes them; a grown array is published before the count too.
 */
final class SparseIndex {

    private final int intervalBytes;
    private volatile long[] entries = new long[16];
    private volatile int count;
    private long lastIndexedPosition = SegmentFormat.HEADER_LENGTH;

    SparseIndex(int intervalBytes) {
        this.intervalBytes = intervalBytes;
    }

    /** Notes a record; it becomes an entry if it starts at least an interval after the last entry. */
    void onRecord(long offset, long position) {
        if (position - lastIndexedPosition < intervalBytes) {
            return;
        }
        long[] current = entries;
        int n = count;
        if (2 * n + 2 > current.length) {
            current = Arrays.copyOf(current, current.length * 2);
            entries = current;
        }
        current[2 * n] = offset;
        current[2 * n + 1] = position;
        lastIndexedPosition = position;
        count = n + 1;
    }

    /**
     * The file position of the last indexed record whose offset is {@code <= offset}, or the first
     * record's position if there is none.
     */
    long floorPosition(long offset) {
        int n = count;
        long[] current = entries;
        int low = 0;
        int high = n - 1;
        long position = SegmentFormat.HEADER_LENGTH;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (current[2 * mid] <= offset) {
                position = current[2 * mid + 1];
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return position;
    }

    /** Drops the entries of records at or after {@code position} (the segment was cut there). */
    void truncateTo(long position) {
        long[] current = entries;
        int n = count;
        while (n > 0 && current[2 * n - 1] >= position) {
            n--;
        }
        count = n;
        lastIndexedPosition = n == 0 ? SegmentFormat.HEADER_LENGTH : current[2 * n - 1];
    }

    int entryCount() {
        return count;
    }
}
