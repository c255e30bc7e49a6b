package io.chronik.core.log;

import io.chronik.core.producer.ProducerSequenceException;
import io.chronik.core.producer.ProducerStateTable;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * One partition's log on a single node, stored in its own {@link WalLog}: one WAL record per Kafka
 * record batch, at the batch's base offset, holding the batch bytes as produced (see
 * {@link StoredBatch}).
 *
 * <h2>Offsets</h2>
 * {@code nextOffset} is the offset the next batch gets; a batch of {@code n} records
 * ({@code lastOffsetDelta = n - 1}) takes {@code [nextOffset, nextOffset + n)}. The high watermark is
 * the offset after the last <em>durable</em> batch; on a single node it is also the log end offset
 * that consumers see. On open, both are recovered from the last stored batch (or, if DeleteRecords
 * emptied the log, from the persisted log start offset).
 *
 * <h2>Log start</h2>
 * The first readable offset is the larger of the WAL's first stored record and the offset
 * DeleteRecords moved it to ({@link #advanceLogStart}, persisted by the caller in the metadata log):
 * the WAL frees whole batches (whole segments for a segmented WAL), so records below the log start
 * may still be stored but are never served. Retention ({@link #enforceRetention}) only asks the WAL
 * to free old batches: the log start is then whatever the WAL keeps, which is durable by itself.
 *
 * <h2>Timestamps</h2>
 * A {@link TimeIndex} updated on every append lets ListOffsets by timestamp read only the batches
 * near the answer; the batches already stored at open are indexed on the first lookup.
 *
 * <h2>Idempotent producers</h2>
 * A {@link ProducerStateTable} checks every batch with a producer id under the append lock. On open
 * it is rebuilt by reading the last {@value #PRODUCER_STATE_RECOVERY_RECORDS} records' batches only
 * (a bounded scan instead of a snapshot file): a retry comes within the producer's delivery timeout,
 * so its original is among the newest batches; a producer whose last batch lies further back is
 * treated as unknown, which Kafka also accepts with any sequence.
 *
 * <h2>Threading</h2>
 * Appends to one partition are serialised: assigning the offset, patching the batch and calling
 * {@link WalLog#append} happen under one lock, so the WAL sees offsets in order; the returned future
 * completes later, on the WAL's thread. Reads take no lock. The durability listener is called on the
 * WAL's completion thread and must not block.
 */
public final class PartitionLog {

    private static final int SCAN_CHUNK_BYTES = 1 << 20;
    /** How many of the newest records are read on open to rebuild the producer state. */
    static final long PRODUCER_STATE_RECOVERY_RECORDS = 1_000_000;

    private final TopicPartition partition;
    private final WalLog wal;
    private final int leaderEpoch;
    private final Consumer<TopicPartition> durableListener;
    private final Object appendLock = new Object();
    private long nextOffset;
    private final AtomicLong highWatermark;
    private final ProducerStateTable producers = new ProducerStateTable();
    private final TimeIndex timeIndex = new TimeIndex();
    private final Object indexBuildLock = new Object();
    private final long endOffsetAtOpen;
    private boolean indexedFromOpen;
    private volatile long deletedBefore;

    private PartitionLog(TopicPartition partition, WalLog wal, int leaderEpoch, long endOffset, long deletedBefore,
                         Consumer<TopicPartition> durableListener) {
        this.partition = partition;
        this.wal = wal;
        this.leaderEpoch = leaderEpoch;
        this.durableListener = durableListener;
        this.nextOffset = endOffset;
        this.deletedBefore = deletedBefore;
        this.highWatermark = new AtomicLong(endOffset);
        this.endOffsetAtOpen = endOffset;
    }

    /**
     * Opens the partition over its WAL log, recovers the log end offset from the last stored batch and
     * the producer state from the newest batches.
     *
     * @param deletedBefore   the log start offset DeleteRecords last set (0 if never)
     * @param durableListener told (on the WAL's thread) whenever new data became durable
     */
    public static PartitionLog open(TopicPartition partition, WalLog wal, int leaderEpoch, long deletedBefore,
                                    Consumer<TopicPartition> durableListener) {
        long endOffset = deletedBefore;
        if (wal.lastOffset().isPresent()) {
            long last = wal.lastOffset().getAsLong();
            List<WalRecord> tail = wal.read(last, 1);
            if (tail.isEmpty()) {
                throw new LogException("log " + wal.name() + " reports last offset " + last + " but reads nothing");
            }
            RecordBatch batch = StoredBatch.parse(tail.get(0).data());
            endOffset = Math.max(endOffset, batch.lastOffset() + 1);
        }
        PartitionLog log = new PartitionLog(partition, wal, leaderEpoch, endOffset, deletedBefore, durableListener);
        if (wal.firstOffset().isPresent() && wal.firstOffset().getAsLong() < deletedBefore) {
            // A crash between persisting DeleteRecords and the WAL freeing storage: free it now.
            log.advanceLogStart(deletedBefore);
        }
        log.recoverProducerState();
        return log;
    }

    private void recoverProducerState() {
        CompletableFuture<Long> stored = CompletableFuture.completedFuture(0L);
        long from = Math.max(logStartOffset(), highWatermark() - PRODUCER_STATE_RECOVERY_RECORDS);
        scan(from, batch -> {
            producers.record(batch, stored);
            return true;
        });
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    /**
     * Appends one validated v2 record batch: gives it the next offsets, patches its base offset and
     * leader epoch in {@code batchBytes} (in place) and hands it to the WAL. A retry of a batch of an
     * idempotent producer that is already stored is not appended again: the result is the original.
     *
     * @param batchBytes exactly one v2 record batch, whose CRC the caller has checked
     * @throws ProducerSequenceException if the batch's producer epoch or sequence is refused
     */
    public AppendedBatch append(ByteBuffer batchBytes) {
        return append(batchBytes, OptionalLong.empty());
    }

    /**
     * {@link #append(ByteBuffer)}, and for a LogAppendTime topic also stamps the batch: its timestamp
     * type becomes LogAppendTime and its max timestamp {@code logAppendTime}. Both fields are inside
     * the CRC-covered region, so the CRC is recomputed ({@code DefaultRecordBatch.setMaxTimestamp}),
     * as Kafka does.
     *
     * @param logAppendTime the broker time to stamp, or empty to keep the producer's timestamps
     */
    public AppendedBatch append(ByteBuffer batchBytes, OptionalLong logAppendTime) {
        MutableRecordBatch batch = StoredBatch.parse(batchBytes);
        long baseOffset;
        long lastOffset;
        CompletableFuture<Long> written;
        synchronized (appendLock) {
            Optional<ProducerStateTable.Duplicate> duplicate = producers.check(batch);
            if (duplicate.isPresent()) {
                return new AppendedBatch(duplicate.get().baseOffset(), duplicate.get().durable(), true,
                        duplicate.get().logAppendTime());
            }
            baseOffset = nextOffset;
            StoredBatch.assign(batch, baseOffset, leaderEpoch);
            if (logAppendTime.isPresent()) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, logAppendTime.getAsLong());
            }
            timeIndex.onBatch(baseOffset, batch.maxTimestamp(), batch.sizeInBytes());
            lastOffset = batch.lastOffset();
            written = wal.append(baseOffset, batchBytes.duplicate());
            nextOffset = lastOffset + 1;
            CompletableFuture<Long> durable = written.thenApply(offset -> {
                highWatermark.accumulateAndGet(lastOffset + 1, Math::max);
                durableListener.accept(partition);
                return offset;
            });
            producers.record(batch, durable);
            return new AppendedBatch(baseOffset, durable, false, logAppendTime);
        }
    }

    /** The offset after the last durable record. */
    public long highWatermark() {
        return highWatermark.get();
    }

    /** The offset the next appended batch gets: after every record appended, durable or not. */
    public long logEndOffset() {
        synchronized (appendLock) {
            return nextOffset;
        }
    }

    /** The bytes the partition's WAL log occupies on its storage. */
    public long sizeInBytes() {
        return wal.sizeInBytes();
    }

    /** The first offset still readable (the high watermark when the log is empty). */
    public long logStartOffset() {
        return Math.max(deletedBefore, wal.firstOffset().orElse(highWatermark()));
    }

    /**
     * Makes {@code offset} the new log start (DeleteRecords) and frees the batches wholly below it.
     * The caller has persisted the offset first, and checked it is at most the high watermark.
     *
     * @return completes when the WAL freed what it could
     */
    public CompletableFuture<OptionalLong> advanceLogStart(long offset) {
        deletedBefore = Math.max(deletedBefore, offset);
        timeIndex.truncateBefore(offset);
        return wal.deleteBefore(batchBaseAtOrBefore(offset));
    }

    /**
     * Applies retention: frees the oldest batches while their largest timestamp is older than
     * {@code retentionMs} before {@code nowMs}, and while the log is over {@code retentionBytes}
     * (measured as {@link WalLog#sizeInBytes()}, the storage it occupies). The newest batch is always
     * kept (Kafka keeps the active segment), so the end offset survives. The WAL frees at its own
     * granularity (whole segments), and the log start becomes what it keeps; no persisting is needed,
     * as the WAL's first offset is durable by itself.
     *
     * @param retentionMs    -1 for no time limit
     * @param retentionBytes -1 for no size limit
     * @return the WAL's deletion, if anything was due
     */
    public Optional<CompletableFuture<OptionalLong>> enforceRetention(long retentionMs, long retentionBytes,
                                                                      long nowMs) {
        long hw = highWatermark();
        long start = logStartOffset();
        long lastBase = wal.lastOffset().orElse(hw);
        long excessBytes = retentionBytes < 0 ? 0 : wal.sizeInBytes() - retentionBytes;
        long[] cut = {start};
        long[] freed = {0};
        scan(start, batch -> {
            if (batch.baseOffset() >= lastBase) {
                return false;
            }
            boolean expired = retentionMs >= 0 && batch.maxTimestamp() < nowMs - retentionMs;
            boolean oversized = freed[0] < excessBytes;
            if (!expired && !oversized) {
                return false;
            }
            freed[0] += batch.sizeInBytes();
            cut[0] = batch.lastOffset() + 1;
            return true;
        });
        if (cut[0] <= start) {
            return Optional.empty();
        }
        return Optional.of(wal.deleteBefore(cut[0]).thenApply(first -> {
            timeIndex.truncateBefore(first.orElse(cut[0]));
            return first;
        }));
    }

    /**
     * The base offset of the batch holding {@code offset}, or {@code offset} itself when it is the
     * high watermark: the WAL removes whole records (batches) below the offset it is given, so this is
     * how far it may free without losing a readable record.
     */
    private long batchBaseAtOrBefore(long offset) {
        if (offset >= highWatermark()) {
            return Math.min(offset, nextBaseOffsetKept());
        }
        List<WalRecord> holding = wal.read(offset, 1);
        return holding.isEmpty() ? offset : Math.min(offset, holding.get(0).offset());
    }

    /** Deleting everything would lose the end offset on a WAL that recovers it from the last batch. */
    private long nextBaseOffsetKept() {
        return wal.lastOffset().orElse(highWatermark());
    }

    /**
     * Reads whole batches from the one containing {@code fetchOffset}, up to {@code maxBytes} (the
     * first batch is returned even if larger, so a reader always progresses). A {@code maxBytes} of 0
     * reads no records, only the offsets.
     *
     * @throws OffsetOutOfRangeException if {@code fetchOffset} is below the log start offset or above
     *                                   the high watermark
     */
    public LogRead read(long fetchOffset, int maxBytes) {
        long hw = highWatermark();
        long start = logStartOffset();
        if (fetchOffset < start || fetchOffset > hw) {
            throw new OffsetOutOfRangeException("offset " + fetchOffset + " is outside [" + start + ", " + hw
                    + "] of " + partition);
        }
        if (fetchOffset == hw || maxBytes <= 0) {
            return new LogRead(ByteBuffer.allocate(0), hw, start);
        }
        List<WalRecord> records = wal.read(fetchOffset, maxBytes);
        int size = records.stream().mapToInt(WalRecord::size).sum();
        ByteBuffer bytes = ByteBuffer.allocate(size);
        records.forEach(r -> bytes.put(r.data().duplicate()));
        return new LogRead(bytes.flip(), hw, start);
    }

    /**
     * The first durable record carrying the largest timestamp in the log: the {@link TimeIndex} names
     * its batch, so only that batch is read (a full scan only if that batch is gone or not yet
     * durable).
     */
    public Optional<TimestampOffset> maxTimestamp() {
        indexLogExistingAtOpen();
        OptionalLong indexed = timeIndex.maxTimestampBatch();
        long start = logStartOffset();
        if (indexed.isPresent() && indexed.getAsLong() >= start && indexed.getAsLong() < highWatermark()) {
            RecordBatch[] batch = new RecordBatch[1];
            scan(indexed.getAsLong(), b -> {
                batch[0] = b;
                return false;
            });
            if (batch[0] != null) {
                return firstRecordAtOrAfter(batch[0], batch[0].maxTimestamp(), start);
            }
        }
        RecordBatch[] best = new RecordBatch[1];
        scan(batch -> {
            if (best[0] == null || batch.maxTimestamp() > best[0].maxTimestamp()) {
                best[0] = batch;
            }
            return true;
        });
        return best[0] == null ? Optional.empty() : firstRecordAtOrAfter(best[0], best[0].maxTimestamp(), start);
    }

    /**
     * The first durable record whose timestamp is at or after {@code timestamp}: reading starts where
     * the {@link TimeIndex} says no earlier batch can qualify, and batches whose max timestamp is
     * earlier are skipped without decompression.
     */
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
        indexLogExistingAtOpen();
        long start = logStartOffset();
        long from = Math.max(start, timeIndex.startFor(timestamp).orElse(start));
        AtomicReference<Optional<TimestampOffset>> found = new AtomicReference<>(Optional.empty());
        scan(from, batch -> {
            if (batch.maxTimestamp() >= timestamp) {
                found.set(firstRecordAtOrAfter(batch, timestamp, start));
            }
            return found.get().isEmpty();
        });
        return found.get();
    }

    /**
     * Indexes, once, the batches that were stored when the log was opened: done on the first
     * timestamp lookup rather than at open, so opening reads only the producer-state tail.
     */
    private void indexLogExistingAtOpen() {
        synchronized (indexBuildLock) {
            if (indexedFromOpen) {
                return;
            }
            TimeIndex existing = new TimeIndex();
            scan(logStartOffset(), batch -> {
                if (batch.baseOffset() >= endOffsetAtOpen) {
                    return false;
                }
                existing.onBatch(batch.baseOffset(), batch.maxTimestamp(), batch.sizeInBytes());
                return true;
            });
            timeIndex.prepend(existing);
            indexedFromOpen = true;
        }
    }

    private static Optional<TimestampOffset> firstRecordAtOrAfter(RecordBatch batch, long timestamp, long logStart) {
        for (Record record : batch) {
            if (record.offset() >= logStart && record.timestamp() >= timestamp) {
                return Optional.of(new TimestampOffset(record.timestamp(), record.offset()));
            }
        }
        return Optional.empty();
    }

    /** Visits the durable batches from the log start in offset order while the visitor returns true. */
    private void scan(Predicate<RecordBatch> visitor) {
        scan(logStartOffset(), visitor);
    }

    /** Visits the durable batches from the one holding {@code from} while the visitor returns true. */
    private void scan(long from, Predicate<RecordBatch> visitor) {
        long hw = highWatermark();
        long position = from;
        while (position < hw) {
            List<WalRecord> chunk = wal.read(position, SCAN_CHUNK_BYTES);
            if (chunk.isEmpty()) {
                return;
            }
            for (WalRecord stored : chunk) {
                RecordBatch batch = StoredBatch.parse(stored.data());
                if (batch.baseOffset() >= hw || !visitor.test(batch)) {
                    return;
                }
                position = batch.lastOffset() + 1;
            }
        }
    }
}
