package io.chronik.wal.disruptor;

import java.io.IOException;

/**
 * One segment of a log: its file, its sparse index and how much of it readers may see.
 *
 * <h2>Threading</h2>
 * The writer thread owns {@link #end()} (bytes written or staged, ahead of what is visible) and calls
 * {@link #publish} when a record's future completes, which advances the volatile {@link #visibleEnd()}
 * and {@link #lastOffset()} that readers use. Structural changes ({@link #truncateTo}) happen only under
 * the log's write lock.
 */
final class Segment {

    /** {@link #lastOffset()} of a segment without visible records. */
    static final long NO_OFFSET = -1;

    private final long baseOffset;
    private final SegmentFile file;
    private final SparseIndex index;
    private long end;
    private volatile long visibleEnd;
    private volatile long lastOffset;

    /**
     * @param end        bytes already in the file (all visible: they were recovered or just created)
     * @param lastOffset offset of the last record in the file, or {@link #NO_OFFSET}
     */
    Segment(long baseOffset, SegmentFile file, SparseIndex index, long end, long lastOffset) {
        this.baseOffset = baseOffset;
        this.file = file;
        this.index = index;
        this.end = end;
        this.visibleEnd = end;
        this.lastOffset = lastOffset;
    }

    long baseOffset() {
        return baseOffset;
    }

    SegmentFile file() {
        return file;
    }

    SparseIndex index() {
        return index;
    }

    /** Writer thread: where the next record goes. */
    long end() {
        return end;
    }

    /** Writer thread: a record of {@code bytes} was written or staged at {@link #end()}. */
    void advance(long bytes) {
        end += bytes;
    }

    /** Whether the segment holds any record, visible or not (writer thread). */
    boolean hasRecords() {
        return end > SegmentFormat.HEADER_LENGTH;
    }

    /** The end of the last record readers may see. */
    long visibleEnd() {
        return visibleEnd;
    }

    /** The offset of the last visible record, or {@link #NO_OFFSET}. */
    long lastOffset() {
        return lastOffset;
    }

    /** Writer thread: the record at {@code position} is acknowledged; make it visible. */
    void publish(long offset, long position, long recordBytes) {
        index.onRecord(offset, position);
        lastOffset = offset;
        visibleEnd = position + recordBytes;
    }

    /**
     * Cuts the segment at {@code position}, the end of the record with {@code lastOffset}; under the
     * log's write lock, on the writer thread, with nothing staged for this segment.
     */
    void truncateTo(long position, long newLastOffset) throws IOException {
        file.truncate(position);
        index.truncateTo(position);
        end = position;
        visibleEnd = position;
        lastOffset = newLastOffset;
    }
}
