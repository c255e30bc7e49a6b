package io.chronik.core.log;

import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
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
 * that consumers see. On open, both are recovered from the last stored batch.
 *
 * <h2>Threading</h2>
 * Appends to one partition are serialised: assigning the offset, patching the batch and calling
 * {@link WalLog#append} happen under one lock, so the WAL sees offsets in order; the returned future
 * completes later, on the WAL's thread. Reads take no lock. The durability listener is called on the
 * WAL's completion thread and must not block.
 */
public final class PartitionLog {

    private static final int SCAN_CHUNK_BYTES = 1 << 20;

    private final TopicPartition partition;
    private final WalLog wal;
    private final int leaderEpoch;
    private final Consumer<TopicPartition> durableListener;
    private final Object appendLock = new Object();
    private long nextOffset;
    private final AtomicLong highWatermark;

    private PartitionLog(TopicPartition partition, WalLog wal, int leaderEpoch, long endOffset,
                         Consumer<TopicPartition> durableListener) {
        this.partition = partition;
        this.wal = wal;
        this.leaderEpoch = leaderEpoch;
        this.durableListener = durableListener;
        this.nextOffset = endOffset;
        this.highWatermark = new AtomicLong(endOffset);
    }

    /**
     * Opens the partition over its WAL log and recovers the log end offset from the last stored batch.
     *
     * @param durableListener told (on the WAL's thread) whenever new data became durable
     */
    public static PartitionLog open(TopicPartition partition, WalLog wal, int leaderEpoch,
                                    Consumer<TopicPartition> durableListener) {
        long endOffset = 0;
        if (wal.lastOffset().isPresent()) {
            long last = wal.lastOffset().getAsLong();
            List<WalRecord> tail = wal.read(last, 1);
            if (tail.isEmpty()) {
                throw new LogException("log " + wal.name() + " reports last offset " + last + " but reads nothing");
            }
            RecordBatch batch = StoredBatch.parse(tail.get(0).data());
            endOffset = batch.lastOffset() + 1;
        }
        return new PartitionLog(partition, wal, leaderEpoch, endOffset, durableListener);
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    /**
     * Appends one validated v2 record batch: gives it the next offsets, patches its base offset and
     * leader epoch in {@code batchBytes} (in place) and hands it to the WAL.
     *
     * @param batchBytes exactly one v2 record batch, whose CRC the caller has checked
     */
    public AppendedBatch append(ByteBuffer batchBytes) {
        MutableRecordBatch batch = StoredBatch.parse(batchBytes);
        long baseOffset;
        long lastOffset;
        CompletableFuture<Long> written;
        synchronized (appendLock) {
            baseOffset = nextOffset;
            StoredBatch.assign(batch, baseOffset, leaderEpoch);
            lastOffset = batch.lastOffset();
            written = wal.append(baseOffset, batchBytes.duplicate());
            nextOffset = lastOffset + 1;
        }
        CompletableFuture<Long> durable = written.thenApply(offset -> {
            highWatermark.accumulateAndGet(lastOffset + 1, Math::max);
            durableListener.accept(partition);
            return offset;
        });
        return new AppendedBatch(baseOffset, durable);
    }

    /** The offset after the last durable record. */
    public long highWatermark() {
        return highWatermark.get();
    }

    /** The first offset still stored (the high watermark when the log is empty). */
    public long logStartOffset() {
        return wal.firstOffset().orElse(highWatermark());
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
     * The first durable record carrying the largest timestamp in the log, scanning every batch header
     * and decompressing only the batch that holds it.
     */
    public Optional<TimestampOffset> maxTimestamp() {
        RecordBatch[] best = new RecordBatch[1];
        scan(batch -> {
            if (best[0] == null || batch.maxTimestamp() > best[0].maxTimestamp()) {
                best[0] = batch;
            }
            return true;
        });
        return best[0] == null ? Optional.empty() : firstRecordAtOrAfter(best[0], best[0].maxTimestamp());
    }

    /**
     * The first durable record whose timestamp is at or after {@code timestamp}, scanning batches from
     * the log start (batches whose max timestamp is earlier are skipped without decompression).
     */
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
        RecordBatch[] found = new RecordBatch[1];
        scan(batch -> {
            if (batch.maxTimestamp() >= timestamp) {
                found[0] = batch;
                return false;
            }
            return true;
        });
        return found[0] == null ? Optional.empty() : firstRecordAtOrAfter(found[0], timestamp);
    }

    private static Optional<TimestampOffset> firstRecordAtOrAfter(RecordBatch batch, long timestamp) {
        for (Record record : batch) {
            if (record.timestamp() >= timestamp) {
                return Optional.of(new TimestampOffset(record.timestamp(), record.offset()));
            }
        }
        return Optional.empty();
    }

    /** Visits the durable batches from the log start in offset order while the visitor returns true. */
    private void scan(Predicate<RecordBatch> visitor) {
        long hw = highWatermark();
        long position = logStartOffset();
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
