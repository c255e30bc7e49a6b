package io.chronik.core.raft;

import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import io.chronik.spi.wal.WalSpan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One node's copy of a replicated log over a {@link WalLog}: contiguous {@link StoredRecord}s, each
 * covering one offset (metadata entries) or a run of them (partition record batches), laid out by a
 * {@link RecordFormat}. The engine never looks inside a record beyond its offsets and epoch.
 *
 * <h2>Durable versus appended</h2>
 * A WAL record is visible only once durable, but a leader ships records before its own fsync and a
 * follower appends many before they are durable. So records whose append has not completed are kept
 * here in memory ({@code inMemory}) and reads serve them from there. {@link #durableEnd()} is the
 * offset up to which every record of the <em>current</em> log is known durable; it advances only as
 * WAL operations complete, in the order they were issued ({@link #refresh()}).
 *
 * <h2>The retained tail</h2>
 * A log may also keep its newest durable records in memory, up to {@code retainedTailBytes} of them:
 * the metadata log does, since every entry is read back twice right after it is written (applied once
 * committed, shipped to the followers) and reading it from the WAL allocated and checksummed it again
 * each time. So {@code inMemory} always holds a contiguous run of records ending at the log end: the
 * retained durable ones, oldest first, then the ones not yet durable. A partition retains nothing: its
 * durable records leave as WAL file regions ({@link #readParts}).
 *
 * <h2>Epochs</h2>
 * The {@link EpochCache} knows where each epoch starts. On open it is rebuilt by bisection over the
 * stored records (epochs only grow with offsets), reading O(epochs &times; log records) single
 * records instead of the whole log. A leader also registers its own epoch at its log end when it
 * takes over ({@link #assignEpoch}) before it has written anything in it, as Kafka's leader-epoch
 * cache does; such an empty epoch is dropped if the replica follows again ({@link #dropEmptyEpochs}).
 *
 * <h2>Truncation</h2>
 * {@link #truncateTo} drops the in-memory records past the cut, clamps the durable end and issues a
 * {@code truncateAfter}; appends issued after it become durable only after it, because the WAL orders
 * them and {@link #refresh()} walks the operations in issue order. Cuts fall on record boundaries:
 * replicas copy whole records of the one leader of each epoch.
 *
 * <h2>Log start</h2>
 * The log starts at a {@link LogPosition} {@code (e, s)}: the first record is at {@code s}, and the
 * record before it (freed, or covered by a snapshot) had epoch {@code e}. A metadata log starts where
 * its oldest kept snapshot ends, and moves there when a newer snapshot lets it free records
 * ({@link #advanceStart}); a partition's log starts at the first record its WAL still holds (retention
 * and DeleteRecords free old records behind the engine's back), with that record's own epoch: the
 * epoch before it is not known any more, and a follower at {@code (that epoch, s)} agrees with this log
 * (the leader of an epoch writes nothing below where its epoch starts, so no other record at
 * {@code s - 1} can carry it). A follower whose position is below the start cannot be served records:
 * {@link #check} says so, and it starts over at the leader's start ({@link #resetTo}).
 *
 * <h2>Threading</h2>
 * One thread at a time (the engine's). WAL futures may complete on any thread; this class only polls
 * {@code isDone}.
 */
final class LocalLog {

    private final WalLog wal;
    private final RecordFormat format;
    private final EpochCache epochs = new EpochCache();
    /** The retained durable records, then those not yet durable: contiguous, ending at the log end. */
    private final NavigableMap<Long, StoredRecord> inMemory = new TreeMap<>();
    private final int retainedTailBytes;
    /** The bytes of the durable records in {@link #inMemory}. */
    private long retainedBytes;
    private final Deque<PendingOp> pending = new ArrayDeque<>();
    private final Runnable wakeup;
    private final boolean startFollowsWal;
    private LogPosition start;
    private long endOffset;
    private long durableEnd;

    /** An issued WAL operation; {@code offset} is -1 for a truncation or a deletion. */
    private record PendingOp(long offset, long nextOffset, CompletableFuture<?> future) {
    }

    /**
     * Opens the log over {@code wal}, rebuilding the epoch boundaries from what is durable.
     *
     * @param start           where the log starts if the WAL holds no record at or after it (an empty
     *                        partition keeps its offsets going; a metadata log starts after its snapshot)
     * @param startFollowsWal   whether the start follows the WAL's first record (a partition, freed by
     *                          retention) rather than only {@link #advanceStart} (a metadata log)
     * @param retainedTailBytes how many bytes of the newest durable records to keep in memory for reads
     *                          (see the class comment); 0 keeps only records not yet durable
     * @param wakeup            run (on a WAL thread) whenever an issued operation completes, so the
     *                          driver can call {@code poll}
     * @throws RaftException if the WAL starts above {@code start} of a log whose start does not follow
     *                       the WAL: the records in between are lost
     */
    LocalLog(WalLog wal, RecordFormat format, LogPosition start, boolean startFollowsWal, int retainedTailBytes,
             Runnable wakeup) {
        this.wal = wal;
        this.retainedTailBytes = retainedTailBytes;
        this.format = format;
        this.wakeup = wakeup;
        this.startFollowsWal = startFollowsWal;
        this.start = start;
        this.endOffset = start.endOffset();
        this.durableEnd = start.endOffset();
        if (wal.lastOffset().isEmpty()) {
            return;
        }
        StoredRecord first = recordContaining(wal.firstOffset().orElseThrow());
        StoredRecord last = recordContaining(wal.lastOffset().getAsLong());
        if (startFollowsWal) {
            this.start = new LogPosition(first.epoch(), first.offset());
        } else if (last.nextOffset() <= start.endOffset()) {
            resetTo(start); // every record is below the start: a snapshot was installed over them
            return;
        } else if (first.offset() > start.endOffset()) {
            throw new RaftException("WAL log " + wal.name() + " starts at offset " + first.offset()
                    + " but the log must reach back to " + start.endOffset() + " (the newest usable snapshot ends"
                    + " there): the records in between are lost");
        }
        recoverEpochs(first, last);
        this.endOffset = last.nextOffset();
        this.durableEnd = last.nextOffset();
    }

    /**
     * Finds every epoch start between {@code first} and {@code last}: for each epoch, bisects for the
     * first record of a later one (records are contiguous, so the record containing an offset between
     * two records is a record between them).
     */
    private void recoverEpochs(StoredRecord first, StoredRecord last) {
        StoredRecord from = first;
        epochs.onAppend(from.offset(), from.epoch());
        while (from.epoch() != last.epoch()) {
            StoredRecord lower = from;
            StoredRecord upper = last;
            while (lower.nextOffset() < upper.offset()) {
                long mid = lower.nextOffset() + (upper.offset() - lower.nextOffset()) / 2;
                StoredRecord probe = recordContaining(mid);
                if (probe.epoch() > lower.epoch()) {
                    upper = probe;
                } else {
                    lower = probe;
                }
            }
            epochs.onAppend(upper.offset(), upper.epoch());
            from = upper;
        }
    }

    private StoredRecord recordContaining(long offset) {
        List<WalRecord> found = wal.read(offset, 1);
        if (found.isEmpty()) {
            throw new RaftException("WAL log " + wal.name() + " has no record containing offset " + offset);
        }
        return format.parse(found.get(0).offset(), found.get(0).data());
    }

    long endOffset() {
        return endOffset;
    }

    long durableEnd() {
        return durableEnd;
    }

    /** The position after the last record (the start if the log holds none). */
    LogPosition lastPosition() {
        return endOffset == start.endOffset() ? start : new LogPosition(epochs.epochAt(endOffset - 1), endOffset);
    }

    /** Where the log starts: the first record's offset and the epoch before it (see the class comment). */
    LogPosition start() {
        followWalStart();
        return start;
    }

    /** A partition's start moves with the first record its WAL still holds. */
    private void followWalStart() {
        if (!startFollowsWal) {
            return;
        }
        OptionalLong first = wal.firstOffset();
        if (first.isPresent() && first.getAsLong() > start.endOffset() && first.getAsLong() < endOffset) {
            start = new LogPosition(epochs.epochAt(first.getAsLong()), first.getAsLong());
        }
    }

    /**
     * Moves the start forward to {@code newStart} (a durable snapshot covers everything before it) and
     * asks the WAL to free the records below it. Records below it whose append is still in flight may
     * complete later: the WAL orders the deletion after them, and nothing reads them any more.
     */
    void advanceStart(LogPosition newStart) {
        if (newStart.endOffset() <= start.endOffset()) {
            return;
        }
        if (newStart.endOffset() > endOffset) {
            throw new RaftException("log " + wal.name() + ": cannot start at " + newStart + ", beyond its end "
                    + endOffset);
        }
        start = newStart;
        track(new PendingOp(-1, -1, wal.deleteBefore(newStart.endOffset())));
    }

    /**
     * Drops every record and starts the log over at {@code newStart}: a follower that was below its
     * leader's start (a metadata follower has installed the snapshot that ends there first).
     */
    void resetTo(LogPosition newStart) {
        epochs.truncateTo(0);
        pending.removeIf(op -> op.offset() >= 0);
        inMemory.clear();
        retainedBytes = 0;
        start = newStart;
        endOffset = newStart.endOffset();
        durableEnd = newStart.endOffset();
        track(new PendingOp(-1, -1, wal.truncateAfter(-1)));
    }

    private void track(PendingOp op) {
        pending.addLast(op);
        op.future().whenComplete((r, e) -> wakeup.run());
    }

    /** The epoch of the record containing {@code offset} ({@code 0 <= offset < endOffset}). */
    int epochAt(long offset) {
        return epochs.epochAt(offset);
    }

    /** Kafka's OffsetForLeaderEpoch answer over this log (see {@link EpochCache#endOffsetFor}). */
    Optional<LogPosition> endOffsetFor(int epoch) {
        return epochs.endOffsetFor(epoch, endOffset);
    }

    /** A new leader's epoch starts at the current end, before any record of it is written. */
    void assignEpoch(int epoch) {
        epochs.onAppend(endOffset, epoch);
    }

    /** Forgets epochs that start at the log end, i.e. hold no record (a leader's unused epoch). */
    void dropEmptyEpochs() {
        epochs.truncateTo(endOffset);
    }

    /**
     * Leader side of log matching: how a follower at {@code position} relates to this log.
     *
     * @return {@link PositionCheck.Matches} if the follower's last record has the epoch this log has at
     *         that offset (then, by log matching, its whole log equals this log's prefix); otherwise
     *         {@link PositionCheck.Diverges} with the end of the largest epoch of this log not above the
     *         follower's last epoch, where the follower must cut; {@link PositionCheck.BelowStart} if
     *         that would be below this log's start or the position is below it
     */
    PositionCheck check(LogPosition position) {
        LogPosition logStart = start();
        if (position.endOffset() < logStart.endOffset()) {
            return new PositionCheck.BelowStart(logStart);
        }
        if (position.endOffset() == logStart.endOffset()) {
            // nothing of this log is below the start to compare with: only the start's own epoch matches,
            // or any at offset 0, below which there is nothing
            return position.epoch() == logStart.epoch() || logStart.endOffset() == 0 ? new PositionCheck.Matches()
                    : new PositionCheck.BelowStart(logStart);
        }
        LogPosition common = epochs.endOf(position.epoch(), endOffset);
        if (common.epoch() == position.epoch() && common.endOffset() >= position.endOffset()) {
            return new PositionCheck.Matches();
        }
        return common.endOffset() <= logStart.endOffset() ? new PositionCheck.BelowStart(logStart)
                : new PositionCheck.Diverges(common);
    }

    /**
     * Follower side: cuts this log back to where it agrees with a leader that reported
     * {@code divergence}: the smaller of the leader's and this log's end of that epoch. Repeated
     * fetches converge on the common prefix, one epoch per round at most.
     *
     * @param highWatermark the committed end, which a cut must never go below
     * @return the new end offset
     * @throws RaftException if the cut would remove committed records
     */
    long truncateToDivergence(LogPosition divergence, long highWatermark) {
        long newEnd = Math.max(start.endOffset(),
                Math.min(divergence.endOffset(), epochs.endOf(divergence.epoch(), endOffset).endOffset()));
        if (newEnd < highWatermark) {
            throw new RaftException("log " + wal.name() + ": divergence " + divergence + " asks to truncate to "
                    + newEnd + ", below the high watermark " + highWatermark + " (committed records would be lost)");
        }
        truncateTo(newEnd);
        return newEnd;
    }

    /**
     * Appends {@code record}, which must start at {@link #endOffset()}.
     *
     * @return the WAL's future: completes (on a WAL thread) once the record is durable
     */
    CompletableFuture<Long> append(StoredRecord record) {
        if (record.offset() != endOffset) {
            throw new RaftException("append at offset " + record.offset() + " but the log ends at " + endOffset);
        }
        epochs.onAppend(record.offset(), record.epoch());
        inMemory.put(record.offset(), record);
        endOffset = record.nextOffset();
        // a duplicate: a WAL may consume the buffer, and reads serve this record from memory until durable
        CompletableFuture<Long> f = wal.append(record.offset(), record.data().duplicate());
        track(new PendingOp(record.offset(), record.nextOffset(), f));
        return f;
    }

    /** Removes every record at or after {@code newEnd} (a record boundary). */
    void truncateTo(long newEnd) {
        epochs.truncateTo(newEnd);
        if (newEnd >= endOffset) {
            return;
        }
        pending.removeIf(op -> op.offset() >= newEnd);
        inMemory.tailMap(newEnd, true).clear();
        endOffset = newEnd;
        durableEnd = Math.min(durableEnd, newEnd);
        retainedBytes = inMemory.headMap(durableEnd).values().stream().mapToLong(StoredRecord::size).sum();
        track(new PendingOp(-1, -1, wal.truncateAfter(newEnd - 1)));
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
            if (op.offset() >= 0) {
                durableEnd = op.nextOffset();
                StoredRecord record = inMemory.get(op.offset());
                retainedBytes += record == null ? 0 : record.size();
                evictRetained();
            }
        }
        return durableEnd != before;
    }

    /** Drops the oldest durable in-memory records while they hold more than the retained budget. */
    private void evictRetained() {
        while (retainedBytes > retainedTailBytes && !inMemory.isEmpty() && inMemory.firstKey() < durableEnd) {
            retainedBytes -= inMemory.pollFirstEntry().getValue().size();
        }
    }

    /**
     * The records {@link #read} returns, as parts to send on without parsing or copying them: the
     * durable ones as the WAL hands them out ({@link WalLog#readSpans}, file regions where it can),
     * those still in memory as their bytes; none from the log end. A region is a view of a WAL file:
     * send it at once.
     *
     * <p>Where the durable part ends is known without reading record headers: a span at or after the
     * first in-memory record's offset means the durable records before it were all returned; so does a
     * last span that is the WAL's last visible record, as every record below that offset is durable
     * and records are contiguous. Otherwise the byte budget ended inside the durable part.
     */
    List<MessageBody> readParts(long from, int maxBytes) {
        List<MessageBody> out = new ArrayList<>();
        long next = from;
        int bytes = 0;
        long walLimit = inMemory.isEmpty() ? endOffset : inMemory.firstKey();
        if (next < walLimit) {
            List<WalSpan> spans = wal.readSpans(next, maxBytes);
            if (spans.isEmpty() || spans.get(0).offset() != next) {
                return out;
            }
            boolean reachedLimit = false;
            for (WalSpan span : spans) {
                if (span.offset() >= walLimit) {
                    reachedLimit = true;
                    break;
                }
                out.add(span.data());
                bytes += span.size();
            }
            long lastOffset = spans.get(out.size() - 1).offset();
            if (!reachedLimit && wal.lastOffset().orElse(-1) != lastOffset) {
                return out; // the byte budget ended inside the durable part
            }
            next = walLimit;
        }
        inMemoryWithin(next, endOffset, bytes, !out.isEmpty(), maxBytes).forEach(r -> out.add(new MessageBody.Bytes(r.data())));
        return out;
    }

    /**
     * Records from the one starting at {@code from} (a record boundary), at least one if any exists,
     * until {@code maxBytes} would be passed.
     */
    List<StoredRecord> read(long from, int maxBytes) {
        return read(from, endOffset, maxBytes);
    }

    /**
     * As {@link #read(long, int)}, but only records starting before {@code before} (a committed prefix
     * to apply, without reading and decoding the uncommitted tail behind it).
     */
    List<StoredRecord> read(long from, long before, int maxBytes) {
        List<StoredRecord> out = new ArrayList<>();
        long next = from;
        int bytes = 0;
        long walLimit = Math.min(before, inMemory.isEmpty() ? endOffset : inMemory.firstKey());
        if (next < walLimit) {
            for (WalRecord stored : wal.read(next, maxBytes)) {
                if (stored.offset() != next || next >= walLimit) {
                    break;
                }
                StoredRecord record = format.parse(stored.offset(), stored.data());
                out.add(record);
                bytes += record.size();
                next = record.nextOffset();
            }
            if (next < walLimit) {
                return out; // the byte budget ended inside the durable part
            }
        }
        out.addAll(inMemoryWithin(next, before, bytes, !out.isEmpty(), maxBytes));
        return out;
    }

    /**
     * The in-memory records from {@code from} and before {@code before} that fit in {@code maxBytes}
     * after {@code taken} bytes already read; the first one even if larger when nothing was read yet
     * ({@code anyTaken} false).
     */
    private List<StoredRecord> inMemoryWithin(long from, long before, int taken, boolean anyTaken, int maxBytes) {
        List<StoredRecord> out = new ArrayList<>();
        int bytes = taken;
        for (StoredRecord record : inMemory.subMap(from, true, Math.max(from, before), false).values()) {
            if ((anyTaken || !out.isEmpty()) && bytes + record.size() > maxBytes) {
                break;
            }
            out.add(record);
            bytes += record.size();
        }
        return out;
    }
}
