package io.chronik.core.raft;

import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One node's copy of the replicated log over a {@link WalLog}: dense offsets from 0, each record an
 * {@link EntryCodec} entry.
 *
 * <h2>Durable versus appended</h2>
 * A WAL record is visible only once durable, but a leader ships entries before its own fsync and a
 * follower appends many before they are durable. So entries whose append has not completed are kept
 * here in memory ({@code unflushed}) and reads serve them from there. {@link #durableEnd()} is the
 * offset up to which every entry of the <em>current</em> log is known durable; it advances only as
 * WAL operations complete, in the order they were issued ({@link #refresh()}).
 *
 * <h2>Truncation</h2>
 * {@link #truncateTo} drops the unflushed entries past the cut, clamps the durable end and issues a
 * {@code truncateAfter}; appends issued after it become durable only after it, because the WAL orders
 * them and {@link #refresh()} walks the operations in issue order.
 *
 * <h2>Threading</h2>
 * Engine thread only. WAL futures may complete on any thread; this class only polls {@code isDone}.
 */
final class LocalLog {

    private static final int RECOVERY_CHUNK_BYTES = 1 << 20;

    private final WalLog wal;
    private final EpochCache epochs = new EpochCache();
    private final NavigableMap<Long, LogEntry> unflushed = new TreeMap<>();
    private final Deque<PendingOp> pending = new ArrayDeque<>();
    private final Runnable wakeup;
    private long endOffset;
    private long durableEnd;

    /** An issued WAL operation; {@code appendOffset} is -1 for a truncation. */
    private record PendingOp(long appendOffset, CompletableFuture<?> future) {
    }

    /**
     * Opens the log over {@code wal}, rebuilding the epoch boundaries from what is durable.
     *
     * @param wakeup run (on a WAL thread) whenever an issued operation completes, so the driver can
     *               call {@code poll}
     */
    LocalLog(WalLog wal, Runnable wakeup) {
        this.wal = wal;
        this.wakeup = wakeup;
        long expected = 0;
        while (true) {
            // read() starts with the record *containing* the offset: past the end that is the last one
            long from = expected;
            List<WalRecord> chunk = wal.read(from, RECOVERY_CHUNK_BYTES).stream()
                    .filter(r -> r.offset() >= from).toList();
            if (chunk.isEmpty()) {
                break;
            }
            for (WalRecord record : chunk) {
                if (record.offset() != expected) {
                    throw new RaftException("WAL log " + wal.name() + " has offset " + record.offset()
                            + " where " + expected + " was expected (a gap or a truncated head)");
                }
                LogEntry entry = EntryCodec.decode(record.offset(), record.data());
                epochs.onAppend(entry.offset(), entry.epoch());
                expected++;
            }
        }
        this.endOffset = expected;
        this.durableEnd = expected;
    }

    long endOffset() {
        return endOffset;
    }

    long durableEnd() {
        return durableEnd;
    }

    /** The position after the last entry. */
    LogPosition lastPosition() {
        return endOffset == 0 ? LogPosition.START : new LogPosition(epochs.epochAt(endOffset - 1), endOffset);
    }

    /** The epoch of the entry at {@code offset} ({@code 0 <= offset < endOffset}). */
    int epochAt(long offset) {
        return epochs.epochAt(offset);
    }

    /**
     * Leader side of log matching: whether a follower at {@code position} diverges from this log.
     *
     * @return empty if the follower's last entry has the epoch this log has at that offset (then, by
     *         log matching, its whole log equals this log's prefix); otherwise the end of the largest
     *         epoch of this log not above the follower's last epoch, where the follower must cut
     */
    Optional<LogPosition> divergence(LogPosition position) {
        if (position.endOffset() == 0) {
            return Optional.empty();
        }
        LogPosition common = epochs.endOf(position.epoch(), endOffset);
        boolean matches = common.epoch() == position.epoch() && common.endOffset() >= position.endOffset();
        return matches ? Optional.empty() : Optional.of(common);
    }

    /**
     * Follower side: cuts this log back to where it agrees with a leader that reported
     * {@code divergence}: the smaller of the leader's and this log's end of that epoch. Repeated
     * fetches converge on the common prefix, one epoch per round at most.
     *
     * @param highWatermark the committed end, which a cut must never go below
     * @return the new end offset
     * @throws RaftException if the cut would remove committed entries
     */
    long truncateToDivergence(LogPosition divergence, long highWatermark) {
        long newEnd = Math.min(divergence.endOffset(), epochs.endOf(divergence.epoch(), endOffset).endOffset());
        if (newEnd < highWatermark) {
            throw new RaftException("log " + wal.name() + ": divergence " + divergence + " asks to truncate to "
                    + newEnd + ", below the high watermark " + highWatermark + " (committed entries would be lost)");
        }
        truncateTo(newEnd);
        return newEnd;
    }

    /** Appends {@code entry}, whose offset must be {@link #endOffset()}. */
    void append(LogEntry entry) {
        if (entry.offset() != endOffset) {
            throw new RaftException("append at offset " + entry.offset() + " but the log ends at " + endOffset);
        }
        epochs.onAppend(entry.offset(), entry.epoch());
        unflushed.put(entry.offset(), entry);
        endOffset++;
        CompletableFuture<Long> f = wal.append(entry.offset(), EntryCodec.encode(entry));
        pending.addLast(new PendingOp(entry.offset(), f));
        f.whenComplete((r, e) -> wakeup.run());
    }

    /** Removes every entry at or after {@code newEnd}. */
    void truncateTo(long newEnd) {
        if (newEnd >= endOffset) {
            return;
        }
        pending.removeIf(op -> op.appendOffset() >= newEnd);
        unflushed.tailMap(newEnd, true).clear();
        epochs.truncateTo(newEnd);
        endOffset = newEnd;
        durableEnd = Math.min(durableEnd, newEnd);
        CompletableFuture<Void> f = wal.truncateAfter(newEnd - 1);
        pending.addLast(new PendingOp(-1, f));
        f.whenComplete((r, e) -> wakeup.run());
    }

    /**
     * Advances the durable end over the completed operations, in issue order.
     *
     * @return whether the durable end moved
     * @throws RaftException if a WAL operation failed: the log is then unusable (fail-stop)
     */
    boolean refresh() {
        long before = durableEnd;
        while (!pending.isEmpty() && pending.peekFirst().future().isDone()) {
            PendingOp op = pending.pollFirst();
            if (op.future().isCompletedExceptionally()) {
                Throwable cause = op.future().handle((r, e) -> e).join();
                throw new RaftException("WAL log " + wal.name() + " failed; the replicated log stops", cause);
            }
            if (op.appendOffset() >= 0) {
                durableEnd = op.appendOffset() + 1;
                unflushed.remove(op.appendOffset());
            }
        }
        return durableEnd != before;
    }

    /** Entries from {@code from} on, at least one if any exists, until {@code maxBytes} would be passed. */
    List<LogEntry> read(long from, int maxBytes) {
        List<LogEntry> out = new ArrayList<>();
        long next = from;
        int bytes = 0;
        long walLimit = unflushed.isEmpty() ? endOffset : unflushed.firstKey();
        if (next < walLimit) {
            for (WalRecord record : wal.read(next, maxBytes)) {
                if (record.offset() != next || next >= walLimit) {
                    break;
                }
                out.add(EntryCodec.decode(record.offset(), record.data()));
                bytes += record.size();
                next++;
            }
            if (next < walLimit) {
                return out; // the byte budget ended inside the durable part
            }
        }
        for (LogEntry entry : unflushed.tailMap(next, true).values()) {
            int size = EntryCodec.encodedSize(entry.payload().remaining());
            if (!out.isEmpty() && bytes + size > maxBytes) {
                break;
            }
            out.add(entry);
            bytes += size;
        }
        return out;
    }
}
