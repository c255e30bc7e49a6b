package io.chronik.core.log;

import io.chronik.core.producer.ProducerSequenceException;
import io.chronik.core.producer.ProducerStateTable;
import io.chronik.core.raft.IsrConfig;
import io.chronik.core.raft.IsrController;
import io.chronik.core.raft.IsrReplica;
import io.chronik.core.raft.LogPosition;
import io.chronik.core.raft.Message;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import io.chronik.spi.wal.WalSpan;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * One partition's log on this node, as Kafka clients see it, over the partition's replica
 * ({@link IsrReplica}) and its own {@link WalLog}: one WAL record per Kafka record batch, at the
 * batch's base offset, holding the batch bytes as produced (see {@link StoredBatch}). The replica
 * decides who may append (the leader named by the controller), replicates the batches to the other
 * replicas and computes the high watermark; this class adds what Kafka needs on top: offsets and
 * epochs patched into produced batches, idempotent producers, timestamps, the log start, and reads.
 * A replica set of one (the zero-config single node) is the same code with no followers.
 *
 * <h2>Offsets</h2>
 * A batch of {@code n} records ({@code lastOffsetDelta = n - 1}) takes {@code [end, end + n)} where
 * {@code end} is the replica's log end. The high watermark is the offset consumers may read up to:
 * the replica's commit point (on one node: the end of the last durable batch). On open, the log end
 * is recovered from the last stored batch (or, if DeleteRecords emptied the log, from the persisted
 * log start offset); the high watermark rises again as the replicas confirm it.
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
 * near the answer; the batches stored before this replica last became leader are indexed on the
 * first lookup.
 *
 * <h2>Idempotent producers</h2>
 * A {@link ProducerStateTable} checks every batch with a producer id under the partition's lock. When
 * the replica becomes leader (on open too) it is rebuilt by reading the last
 * {@value #PRODUCER_STATE_RECOVERY_RECORDS} records' batches only (a bounded scan instead of a
 * snapshot file): a retry comes within the producer's delivery timeout, so its original is among the
 * newest batches; a producer whose last batch lies further back is treated as unknown, which Kafka
 * also accepts with any sequence.
 *
 * <h2>Threading</h2>
 * Everything that touches the replica is serialised by one lock per partition: appends (on the
 * request thread: no hand-off to another thread, so the WAL sees offsets in order), replication
 * messages (on the transport's thread), timer polls and leadership changes (on the driver's thread).
 * A WAL completion only wakes the replica: with no followers it polls at once on the completing
 * thread if the lock is free (else the lock holder does it on release), so a produce is answered from
 * the WAL's thread as before; with followers the driver polls. Reads take no lock: they see the high
 * watermark and the leader epoch through volatile fields.
 */
public final class PartitionLog {

    private static final int SCAN_CHUNK_BYTES = 1 << 20;
    /** How many of the newest records are read on becoming leader to rebuild the producer state. */
    static final long PRODUCER_STATE_RECOVERY_RECORDS = 1_000_000;

    private final TopicPartition partition;
    private final WalLog wal;
    private final ReplicaHooks hooks;
    private volatile boolean alone;
    private final IsrReplica replica;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ProducerStateTable producers = new ProducerStateTable();
    private final TimeIndex timeIndex = new TimeIndex();
    private final Object indexBuildLock = new Object();
    private long indexedFrom;
    private boolean indexedBeforeLeading;
    private volatile long deletedBefore;

    private PartitionLog(TopicPartition partition, WalLog wal, long deletedBefore, IsrConfig config,
                         IsrController controller, ReplicaHooks hooks) {
        this.partition = partition;
        this.wal = wal;
        this.hooks = hooks;
        this.alone = config.replicas().size() == 1;
        this.deletedBefore = deletedBefore;
        this.replica = new IsrReplica(config, wal, deletedBefore, controller, this::wakeup, hooks.clock().getAsLong());
    }

    /**
     * Opens the partition's replica over its WAL log and recovers the log end offset from the last
     * stored batch. The replica neither leads nor follows until {@link #becomeLeader} or
     * {@link #becomeFollower}.
     *
     * @param deletedBefore the log start offset DeleteRecords last set (0 if never)
     * @param config        this node's replica of the partition
     * @param controller    where the leader asks for ISR changes
     */
    public static PartitionLog open(TopicPartition partition, WalLog wal, long deletedBefore, IsrConfig config,
                                    IsrController controller, ReplicaHooks hooks) {
        PartitionLog log = new PartitionLog(partition, wal, deletedBefore, config, controller, hooks);
        if (wal.firstOffset().isPresent() && wal.firstOffset().getAsLong() < deletedBefore) {
            // A crash between persisting DeleteRecords and the WAL freeing storage: free it now.
            log.advanceLogStart(deletedBefore);
        }
        return log;
    }

    public TopicPartition partition() {
        return partition;
    }

    // ---------------------------------------------------------------- the replica

    /** Leads {@code epoch} with the controller's {@code isr}: rebuilds the producer state and the time index. */
    public void becomeLeader(int epoch, Set<Integer> isr) {
        withReplica(r -> {
            r.becomeLeader(epoch, isr, hooks.clock().getAsLong());
            producers.clear();
            recoverProducerState(r.logEndOffset());
            synchronized (indexBuildLock) {
                timeIndex.truncateBefore(Long.MAX_VALUE);
                indexedFrom = r.logEndOffset();
                indexedBeforeLeading = false;
            }
            return null;
        });
    }

    /** Follows {@code leader} in {@code epoch}. */
    public void becomeFollower(int epoch, int leader) {
        withReplica(r -> {
            r.becomeFollower(epoch, leader, hooks.clock().getAsLong());
            return null;
        });
    }

    /** See {@link IsrReplica#followerLag}. */
    public OptionalLong followerLag(int follower) {
        return withReplica(r -> r.followerLag(follower));
    }

    /** How many times this replica shrank its ISR while leading. */
    public long isrShrinks() {
        return withReplica(IsrReplica::isrShrinks);
    }

    /** How many times this replica grew its ISR while leading. */
    public long isrExpands() {
        return withReplica(IsrReplica::isrExpands);
    }

    /** The controller changed the ISR of the epoch this replica leads (see {@link IsrReplica#adoptControllerIsr}). */
    public void adoptControllerIsr(int epoch, Set<Integer> isr) {
        withReplica(r -> {
            r.adoptControllerIsr(epoch, isr, hooks.clock().getAsLong());
            return null;
        });
    }

    /** Seeds the high watermark from a checkpoint ({@link IsrReplica#seedHighWatermark}). */
    public void seedHighWatermark(long offset) {
        withReplica(r -> {
            r.seedHighWatermark(offset);
            return null;
        });
    }

    /** Takes the replica set a reassignment gave the partition ({@link IsrReplica#changeReplicas}). */
    public void changeReplicas(Set<Integer> replicas) {
        withReplica(r -> {
            r.changeReplicas(replicas, hooks.clock().getAsLong());
            alone = replicas.size() == 1;
            return null;
        });
    }

    /** Neither leads nor follows from {@code epoch} on: the controller found no replica to lead. */
    public void becomeOffline(int epoch) {
        withReplica(r -> {
            r.becomeOffline(epoch, hooks.clock().getAsLong());
            return null;
        });
    }

    /** Handles a replication message from replica {@code fromNode} (on the transport's thread). */
    public void handle(int fromNode, Message message) {
        withReplica(r -> {
            r.handle(fromNode, message, hooks.clock().getAsLong());
            return null;
        });
    }

    /** Advances the replica's timers and picks up completed WAL and controller operations. */
    public void poll() {
        wakeupPending.set(false);
        withReplica(r -> {
            r.poll(hooks.clock().getAsLong());
            return null;
        });
    }

    /** Whether this replica leads the partition. */
    public boolean isLeader() {
        return replica.isLeader();
    }

    /** The leader this replica knows, if any. */
    public OptionalInt leaderId() {
        return replica.leaderId();
    }

    /** The leader epoch this replica is in, -1 before the controller's first decision. */
    public int leaderEpoch() {
        return replica.leaderEpoch();
    }

    /** The in-sync replicas as this replica uses them when leading (empty on a follower). */
    public Set<Integer> isr() {
        return withReplica(r -> Set.copyOf(r.isr()));
    }

    /** The offset after the last batch, replicated or not. */
    public long logEndOffset() {
        return withReplica(IsrReplica::logEndOffset);
    }

    /** OffsetForLeaderEpoch: the largest epoch up to {@code epoch} and where it ends, from the batch epochs. */
    public Optional<LogPosition> endOffsetFor(int epoch) {
        return withReplica(r -> r.endOffsetFor(epoch));
    }

    /**
     * Runs {@code action} on the replica under the partition's lock, sends what it queued and tells
     * the listener if the high watermark moved; then runs a wakeup that came meanwhile.
     */
    private <T> T withReplica(Function<IsrReplica, T> action) {
        lock.lock();
        try {
            long highWatermark = replica.highWatermark();
            try {
                return action.apply(replica);
            } finally {
                afterAction(highWatermark);
            }
        } finally {
            lock.unlock();
            drainWakeups(); // also after a refused append: a wakeup may have come while the lock was held
        }
    }

    private void afterAction(long highWatermarkBefore) {
        replica.drainOutbox().forEach(hooks.sender());
        if (replica.highWatermark() != highWatermarkBefore) {
            hooks.highWatermarkListener().accept(partition);
        }
    }

    /** A WAL or controller future completed (any thread). */
    private void wakeup() {
        if (alone) {
            wakeupPending.set(true);
            drainWakeups();
        } else if (wakeupPending.compareAndSet(false, true)) {
            hooks.pollSoon().accept(this);
        }
    }

    /**
     * Polls while a wakeup is pending and the lock is free; a thread that finds it held leaves the
     * wakeup to the holder, who drains after releasing it (never inside an action of its own).
     */
    private void drainWakeups() {
        while (wakeupPending.get() && !lock.isHeldByCurrentThread() && lock.tryLock()) {
            try {
                if (wakeupPending.getAndSet(false)) {
                    long highWatermark = replica.highWatermark();
                    try {
                        replica.poll(hooks.clock().getAsLong());
                    } finally {
                        afterAction(highWatermark);
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    // ---------------------------------------------------------------- Kafka appends

    private void recoverProducerState(long logEnd) {
        CompletableFuture<Long> stored = CompletableFuture.completedFuture(0L);
        long from = Math.max(logStartOffset(), logEnd - PRODUCER_STATE_RECOVERY_RECORDS);
        scan(from, logEnd, batch -> {
            producers.record(batch, stored);
            return true;
        });
    }

    /**
     * Appends one validated v2 record batch with acks=all and {@code min.insync.replicas=1} (the
     * internal writers' default).
     *
     * @see #append(ByteBuffer, OptionalLong, boolean, int)
     */
    public AppendedBatch append(ByteBuffer batchBytes) {
        return append(batchBytes, OptionalLong.empty(), true, 1);
    }

    /**
     * Appends one validated v2 record batch at the leader: gives it the next offsets and the leader
     * epoch (patched in {@code batchBytes}, in place), and for a LogAppendTime topic stamps it: its
     * timestamp type becomes LogAppendTime and its max timestamp {@code logAppendTime}. Both fields are
     * inside the CRC-covered region, so the CRC is recomputed ({@code DefaultRecordBatch.setMaxTimestamp}),
     * as Kafka does. A retry of a batch of an idempotent producer that is already stored is not
     * appended again: the result is the original.
     *
     * @param batchBytes        exactly one v2 record batch, whose CRC the caller has checked; the log
     *                          keeps a reference until it is durable, so the caller must not reuse it
     * @param logAppendTime     the broker time to stamp, or empty to keep the producer's timestamps
     * @param acksAll           answer when the high watermark passes the batch (acks=all) rather than
     *                          when this replica's copy is durable (acks=1)
     * @param minInsyncReplicas for acks=all, the ISR size needed now and when acknowledged
     * @throws ProducerSequenceException if the batch's producer epoch or sequence is refused
     * @throws io.chronik.core.raft.NotLeaderException if this replica does not lead
     * @throws io.chronik.core.raft.NotEnoughReplicasException if acks=all and the ISR is too small
     */
    public AppendedBatch append(ByteBuffer batchBytes, OptionalLong logAppendTime, boolean acksAll,
                                int minInsyncReplicas) {
        MutableRecordBatch batch = StoredBatch.parse(batchBytes);
        return withReplica(r -> {
            r.checkAppend(acksAll ? minInsyncReplicas : 0);
            Optional<ProducerStateTable.Duplicate> duplicate = producers.check(batch);
            if (duplicate.isPresent()) {
                return new AppendedBatch(duplicate.get().baseOffset(), duplicate.get().durable(), true,
                        duplicate.get().logAppendTime());
            }
            long baseOffset = r.logEndOffset();
            StoredBatch.assign(batch, baseOffset, r.leaderEpoch());
            if (logAppendTime.isPresent()) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, logAppendTime.getAsLong());
            }
            timeIndex.onBatch(baseOffset, batch.maxTimestamp(), batch.sizeInBytes());
            CompletableFuture<Long> acknowledged = r.append(batchBytes.duplicate(), acksAll, minInsyncReplicas);
            producers.record(batch, acknowledged);
            return new AppendedBatch(baseOffset, acknowledged, false, logAppendTime);
        });
    }

    /** The offset consumers may read up to: the replica's commit point. */
    public long highWatermark() {
        return replica.highWatermark();
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
     * The base offset of the batch holding {@code offset} (the last batch if {@code offset} is the log
     * end): the WAL removes whole records (batches) below the offset it is given, so this is how far it
     * may free without losing a readable record, or the log end, which a WAL recovers from the last batch.
     */
    private long batchBaseAtOrBefore(long offset) {
        List<WalRecord> holding = wal.read(offset, 1);
        return holding.isEmpty() ? offset : Math.min(offset, holding.get(0).offset());
    }

    /**
     * Reads whole batches from the one containing {@code fetchOffset}, up to {@code maxBytes} (the
     * first batch is returned even if larger, so a reader always progresses), as the WAL hands them
     * out ({@link WalLog#readSpans}: file regions where it can, so a Fetch sends them without a copy).
     * Only batches below the high watermark are returned: a leader's WAL also holds durable batches
     * its followers have not confirmed yet, which consumers must not see. A {@code maxBytes} of 0 reads
     * no records, only the offsets.
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
            return new LogRead(List.of(), hw, start);
        }
        List<WalSpan> spans = wal.readSpans(fetchOffset, maxBytes);
        int committed = 0;
        while (committed < spans.size() && spans.get(committed).offset() < hw) {
            committed++; // a batch starting below the high watermark ends at or below it: it moves by batches
        }
        return new LogRead(spans.subList(0, committed), hw, start);
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
     * Indexes, once, the batches that were stored when this replica last became leader: done on the
     * first timestamp lookup rather than then, so taking over reads only the producer-state tail.
     */
    private void indexLogExistingAtOpen() {
        synchronized (indexBuildLock) {
            if (indexedBeforeLeading) {
                return;
            }
            TimeIndex existing = new TimeIndex();
            scan(logStartOffset(), batch -> {
                if (batch.baseOffset() >= indexedFrom) {
                    return false;
                }
                existing.onBatch(batch.baseOffset(), batch.maxTimestamp(), batch.sizeInBytes());
                return true;
            });
            timeIndex.prepend(existing);
            indexedBeforeLeading = true;
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

    /** Visits the committed batches from the one holding {@code from} while the visitor returns true. */
    private void scan(long from, Predicate<RecordBatch> visitor) {
        scan(from, highWatermark(), visitor);
    }

    /** Visits the durable batches from the one holding {@code from} and below {@code hw}. */
    private void scan(long from, long hw, Predicate<RecordBatch> visitor) {
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
