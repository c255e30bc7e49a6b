package io.chronik.spi.wal;

import io.chronik.spi.replication.MessageBody;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * One named, append-only log of records, each carrying a caller-chosen logical offset.
 *
 * <h2>Offsets</h2>
 * The caller gives each record its offset; offsets strictly increase within a log but need not be
 * dense. A Kafka partition stores one {@code RecordBatch} per record at the batch's base offset; the
 * metadata log stores one entry per record at its index. "The record containing offset {@code o}" is
 * the last record whose offset is {@code <= o}.
 *
 * <h2>Durability and visibility</h2>
 * {@link #append}'s future completes only after the record is durable under the configured
 * {@link FlushPolicy} (for {@code batch}: after {@code FileChannel.force} returned). A record becomes
 * visible to {@link #read}, {@link #lastOffset()} and the other queries once it is durable, never
 * before; its future completes then or shortly after (a WAL may complete futures on a thread of its
 * own), so a reader may see a record a moment before its appender hears of it. Futures of one log
 * complete in append order.
 *
 * <h2>Threading</h2>
 * Any thread may call any method. Appends, {@link #truncateAfter} and {@link #deleteBefore} take
 * effect in the order they were called. Futures may be completed on the WAL's own thread: callers
 * must not block in their callbacks.
 */
public interface WalLog {

    /** The log's name. */
    String name();

    /**
     * Appends one record.
     *
     * @param offset the record's logical offset, greater than every offset appended before
     * @param data   the record's bytes, from its position to its limit; the WAL copies them before the
     *               call returns, so the caller may reuse the buffer at once
     * @return a future completed with the offset once the record is durable, or exceptionally with
     *         {@link WalException} (failed WAL, closed log, offset not increasing, record too large)
     */
    CompletableFuture<Long> append(long offset, ByteBuffer data);

    /**
     * Reads visible records, starting with the one containing {@code fromOffset} (the first record if
     * {@code fromOffset} precedes it), in offset order, until adding the next would pass
     * {@code maxBytes} of record data. The first record is returned even if it alone exceeds
     * {@code maxBytes}, so a reader always makes progress. Memory use is bounded by {@code maxBytes}
     * (plus that one record), whatever the size of the log.
     *
     * @return the records, empty if none is visible at or after {@code fromOffset}
     */
    List<WalRecord> read(long fromOffset, int maxBytes);

    /**
     * Reads the same records as {@link #read} with the same arguments, each as a {@link WalSpan}. A WAL
     * that keeps each record's data contiguous in a file returns regions of that file, so a caller can
     * send records to a socket without copying them through the heap (Kafka Fetch, log shipping); the
     * default returns {@link #read}'s buffers.
     *
     * <p>A region is a view, not a copy: it stays valid until the log is closed, {@link #deleteBefore}
     * frees the segment holding it, or {@link #truncateAfter} removes the record. Sending a region after
     * that may fail (for instance with {@link java.nio.channels.ClosedChannelException}) or send other
     * bytes, so a caller sends regions soon after reading them. The WAL's own record checksums are not
     * verified on this path: the data is passed on untouched, and its receiver checks the data's own
     * checksums (a Kafka batch's CRC).
     *
     * @return the records, empty if none is visible at or after {@code fromOffset}
     */
    default List<WalSpan> readSpans(long fromOffset, int maxBytes) {
        return read(fromOffset, maxBytes).stream()
                .map(r -> new WalSpan(r.offset(), new MessageBody.Bytes(r.data())))
                .toList();
    }

    /** The offset of the first record still stored, if any. */
    OptionalLong firstOffset();

    /** The offset of the last visible record, if any. */
    OptionalLong lastOffset();

    /** The bytes the log occupies on its storage, headers and indexes included. */
    long sizeInBytes();

    /**
     * Removes every record whose offset is greater than {@code offset} (a follower whose log diverged
     * from its leader's). Ordered after every append called before it; appends called after it may
     * reuse the removed offsets. The removal is durable when the future completes.
     */
    CompletableFuture<Void> truncateAfter(long offset);

    /**
     * Frees storage below {@code offset} (retention): removes whole segments whose every record has an
     * offset below {@code offset}. Records at or after {@code offset} are kept, and so may be some
     * records before it that share a segment with them.
     *
     * @return a future completed with the new first offset (empty if the log is now empty)
     */
    CompletableFuture<OptionalLong> deleteBefore(long offset);

    /** What recovery found and dropped when this log was opened. */
    RecoveryReport recovery();
}
