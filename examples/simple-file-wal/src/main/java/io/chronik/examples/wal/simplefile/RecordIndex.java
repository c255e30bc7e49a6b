package io.chronik.examples.wal.simplefile;

import java.util.Arrays;

/**
 * Where each visible record of one log starts in its file, in offset order: two growing arrays of
 * logical offsets and file positions. The data length of record {@code i} follows from the position of
 * record {@code i + 1} (or the end of the file). Not thread-safe: {@link SimpleFileLog} guards it.
 */
final class RecordIndex {

    private long[] offsets = new long[16];
    private long[] positions = new long[16];
    private int count;

    int count() {
        return count;
    }

    long offset(int i) {
        return offsets[i];
    }

    long position(int i) {
        return positions[i];
    }

    void add(long offset, long position) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
        }
        offsets[count] = offset;
        positions[count] = position;
        count++;
    }

    /** The index of the record containing {@code offset}: the last one at or below it, else 0. */
    int containing(long offset) {
        int found = Arrays.binarySearch(offsets, 0, count, offset);
        return found >= 0 ? found : Math.max(0, -found - 2);
    }

    /** The index of the first record above {@code offset}, or {@link #count()} if none is. */
    int firstAbove(long offset) {
        int found = Arrays.binarySearch(offsets, 0, count, offset);
        return found >= 0 ? found + 1 : -found - 1;
    }

    /** The index of the first record at or above {@code offset}, or {@link #count()} if none is. */
    int firstAtOrAbove(long offset) {
        int found = Arrays.binarySearch(offsets, 0, count, offset);
        return found >= 0 ? found : -found - 1;
    }

    /** Keeps only the records before index {@code end}. */
    void keepBefore(int end) {
        count = end;
    }

    /** Keeps only the records from index {@code start} on, their positions moved back by {@code shift}. */
    void keepFrom(int start, long shift) {
        int kept = count - start;
        for (int i = 0; i < kept; i++) {
            offsets[i] = offsets[start + i];
            positions[i] = positions[start + i] - shift;
        }
        count = kept;
    }
}
