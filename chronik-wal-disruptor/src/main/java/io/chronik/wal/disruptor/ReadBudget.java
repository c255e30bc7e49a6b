package io.chronik.wal.disruptor;

/**
 * The stopping rule shared by both read paths ({@link LogReader}, {@link SpanReader}): a read returns
 * visible records only (offsets up to the log's last visible one), in order, until the next would pass
 * {@code maxBytes} of record data; the first record is returned whatever its size, so a reader always
 * makes progress. One per read call, not thread-safe.
 */
final class ReadBudget {

    private final long lastVisible;
    private final int maxBytes;
    private long bytes;
    private boolean empty = true;

    ReadBudget(long lastVisible, int maxBytes) {
        this.lastVisible = lastVisible;
        this.maxBytes = maxBytes;
    }

    /** Whether the record with this header is returned; if not, the read ends before it. */
    boolean admits(RecordCodec.Header header) {
        return header.offset() <= lastVisible && (empty || bytes + header.length() <= maxBytes);
    }

    /** The record with this header was returned. */
    void spend(RecordCodec.Header header) {
        bytes += header.length();
        empty = false;
    }

    /** Data bytes still allowed before the budget is spent, 0 once it is. */
    long remaining() {
        return Math.max(maxBytes - bytes, 0);
    }
}
