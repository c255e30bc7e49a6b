package io.chronik.core.log;

import java.util.Arrays;
import java.util.OptionalLong;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * A sparse in-memory time index of one partition, so that ListOffsets by timestamp reads only the
 * few batches around the answer instead of the whole partition.
 *
 * <h2>Entries</h2>
 * An entry {@code (maxBefore, offset)} says: every batch with a base offset below {@code offset} has
 * a largest timestamp of at most {@code maxBefore}. One is added for the first batch and then for
 * the first batch after every {@value #INTERVAL_BYTES} bytes appended, so both columns increase and
 * memory stays at 16 bytes per {@value #INTERVAL_BYTES} bytes of log. To find the first record at or
 * after {@code t}, a reader starts at the last entry whose {@code maxBefore < t}: nothing before it
 * can qualify. The index also remembers the batch holding the largest timestamp.
 *
 * <h2>Threading</h2>
 * Thread-safe (every method synchronized); appends come in offset order under the partition's
 * append lock.
 */
final class TimeIndex {

    /** Log bytes between two entries. */
    static final int INTERVAL_BYTES = 64 * 1024;

    private long[] maxBefore = new long[16];
    private long[] offsets = new long[16];
    private int size;
    private long bytesSinceEntry;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private long maxTimestampOffset = -1;

    /** Indexes one batch, appended after every batch indexed so far. */
    synchronized void onBatch(long baseOffset, long batchMaxTimestamp, int sizeInBytes) {
        if (size == 0 || bytesSinceEntry >= INTERVAL_BYTES) {
            add(maxTimestamp, baseOffset);
            bytesSinceEntry = 0;
        }
        bytesSinceEntry += sizeInBytes;
        if (batchMaxTimestamp > maxTimestamp) {
            maxTimestamp = batchMaxTimestamp;
            maxTimestampOffset = baseOffset;
        }
    }

    /**
     * Puts {@code earlier} (an index of the batches before every batch in this one) in front of this
     * index: used when the part of the log that existed at open is indexed after appends began.
     */
    synchronized void prepend(TimeIndex earlier) {
        long[] mergedMax = new long[earlier.size + size + 1];
        long[] mergedOffsets = new long[mergedMax.length];
        System.arraycopy(earlier.maxBefore, 0, mergedMax, 0, earlier.size);
        System.arraycopy(earlier.offsets, 0, mergedOffsets, 0, earlier.size);
        for (int i = 0; i < size; i++) {
            mergedMax[earlier.size + i] = Math.max(earlier.maxTimestamp, maxBefore[i]);
            mergedOffsets[earlier.size + i] = offsets[i];
        }
        maxBefore = mergedMax;
        offsets = mergedOffsets;
        size += earlier.size;
        if (earlier.maxTimestamp >= maxTimestamp && earlier.maxTimestampOffset >= 0) {
            maxTimestamp = earlier.maxTimestamp;
            maxTimestampOffset = earlier.maxTimestampOffset;
        }
    }

    /**
     * Where to start reading for the first record with a timestamp at or after {@code timestamp}:
     * the offset of the last entry whose {@code maxBefore} is below it, or empty if there is none
     * (an empty index).
     */
    synchronized OptionalLong startFor(long timestamp) {
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (maxBefore[mid] < timestamp) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found < 0 ? OptionalLong.empty() : OptionalLong.of(offsets[found]);
    }

    /** The base offset of the first batch holding the largest timestamp, if any batch was indexed. */
    synchronized OptionalLong maxTimestampBatch() {
        return maxTimestampOffset < 0 ? OptionalLong.empty() : OptionalLong.of(maxTimestampOffset);
    }

    /**
     * Drops the entries of batches below {@code offset} (the new log start), so the index of a
     * partition under retention does not grow forever. Always safe: any entry, and the log start
     * itself, is a valid place to start reading.
     */
    synchronized void truncateBefore(long offset) {
        int first = 0;
        while (first < size && offsets[first] < offset) {
            first++;
        }
        System.arraycopy(maxBefore, first, maxBefore, 0, size - first);
        System.arraycopy(offsets, first, offsets, 0, size - first);
        size -= first;
    }

    /** How many entries the index holds. */
    synchronized int entries() {
        return size;
    }

    private void add(long max, long offset) {
        if (size == offsets.length) {
            maxBefore = Arrays.copyOf(maxBefore, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        maxBefore[size] = max;
        offsets[size] = offset;
        size++;
    }
}
