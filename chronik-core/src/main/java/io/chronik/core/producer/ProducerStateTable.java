package io.chronik.core.producer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The idempotent-producer state of one partition: for every producer id seen, its current epoch
 * and its last {@value #RETAINED_BATCHES} batches (sequence range and offsets), the same window
 * Kafka keeps, which is the most batches a producer may have in flight per partition.
 *
 * <h2>Rules (Kafka's {@code ProducerStateManager})</h2>
 * <ul>
 *   <li>Same epoch, same first and last sequence as a retained batch: a <em>duplicate</em> (a retry
 *       whose response was lost); it is answered with the original offsets and not stored again.</li>
 *   <li>Same epoch: the first sequence must follow the last one (wrapping after
 *       {@link Integer#MAX_VALUE}), else {@code OUT_OF_ORDER_SEQUENCE_NUMBER}.</li>
 *   <li>Older epoch: {@code INVALID_PRODUCER_EPOCH}.</li>
 *   <li>Newer epoch (the client bumped it after an error, KIP-360): the sequence restarts at 0, else
 *       {@code OUT_OF_ORDER_SEQUENCE_NUMBER}.</li>
 *   <li>Unknown producer id (new, or its state was lost to retention, DeleteRecords, the bounded
 *       recovery scan or eviction): any sequence is accepted, as Kafka 2.5+ does (KIP-360), so the
 *       client never has to handle {@code UNKNOWN_PRODUCER_ID}.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * At most {@value #MAX_PRODUCERS} producers per partition are kept, least recently written first
 * out (instead of Kafka's {@code producer.id.expiration.ms}, which needs a clock here): a producer
 * only loses its deduplication after that many others wrote to the partition since its last batch.
 *
 * <h2>Threading</h2>
 * Not thread-safe: the owning partition log calls it under its append lock, so the check and the
 * offset assignment of one batch are atomic.
 */
public final class ProducerStateTable {

    /** Batches remembered per producer, for duplicate detection. */
    public static final int RETAINED_BATCHES = 5;

    /** Producers remembered per partition; the one that wrote least recently is forgotten first. */
    public static final int MAX_PRODUCERS = 10_000;

    private final Map<Long, ProducerEntry> producers = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ProducerEntry> eldest) {
            return size() > MAX_PRODUCERS;
        }
    };

    /** One remembered batch of a producer. */
    private record SequencedBatch(int firstSequence, int lastSequence, long baseOffset,
                                  CompletableFuture<Long> durable, OptionalLong logAppendTime) {
    }

    /** A producer's epoch and its latest batches, oldest first. */
    private static final class ProducerEntry {
        private short epoch;
        private final Deque<SequencedBatch> batches = new ArrayDeque<>(RETAINED_BATCHES);

        ProducerEntry(short epoch) {
            this.epoch = epoch;
        }
    }

    /**
     * An earlier append of this same batch (a retry), if any.
     *
     * @return the original base offset and its durability future
     * @throws ProducerSequenceException if the batch breaks the epoch or sequence rules
     */
    public Optional<Duplicate> check(RecordBatch batch) {
        if (!batch.hasProducerId()) {
            return Optional.empty();
        }
        ProducerEntry entry = producers.get(batch.producerId());
        if (entry == null) {
            return Optional.empty();
        }
        short epoch = batch.producerEpoch();
        if (epoch < entry.epoch) {
            throw new ProducerSequenceException(Errors.INVALID_PRODUCER_EPOCH, "Producer " + batch.producerId()
                    + " has epoch " + epoch + " but epoch " + entry.epoch + " already wrote to this partition");
        }
        if (epoch > entry.epoch) {
            if (batch.baseSequence() != 0) {
                throw new ProducerSequenceException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "Producer "
                        + batch.producerId() + " starts new epoch " + epoch + " at sequence " + batch.baseSequence()
                        + ", expected 0");
            }
            return Optional.empty();
        }
        for (SequencedBatch retained : entry.batches) {
            if (retained.firstSequence() == batch.baseSequence() && retained.lastSequence() == batch.lastSequence()) {
                return Optional.of(new Duplicate(retained.baseOffset(), retained.durable(), retained.logAppendTime()));
            }
        }
        int last = entry.batches.isEmpty() ? RecordBatch.NO_SEQUENCE : entry.batches.peekLast().lastSequence();
        if (!follows(last, batch.baseSequence())) {
            throw new ProducerSequenceException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "Producer "
                    + batch.producerId() + " epoch " + epoch + " sent sequence " + batch.baseSequence()
                    + " after " + last);
        }
        return Optional.empty();
    }

    /**
     * Remembers a batch that was just given offsets (or, in recovery, read back from the log).
     *
     * @param batch   the batch with its final base offset (and, for LogAppendTime, its stamp)
     * @param durable completes when the batch is durable; a retry is answered only after that
     */
    public void record(RecordBatch batch, CompletableFuture<Long> durable) {
        if (!batch.hasProducerId()) {
            return;
        }
        ProducerEntry entry = producers.computeIfAbsent(batch.producerId(), id -> new ProducerEntry(batch.producerEpoch()));
        if (batch.producerEpoch() != entry.epoch) {
            entry.epoch = batch.producerEpoch();
            entry.batches.clear();
        }
        if (entry.batches.size() == RETAINED_BATCHES) {
            entry.batches.removeFirst();
        }
        OptionalLong logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME
                ? OptionalLong.of(batch.maxTimestamp()) : OptionalLong.empty();
        entry.batches.addLast(new SequencedBatch(batch.baseSequence(), batch.lastSequence(), batch.baseOffset(),
                durable, logAppendTime));
    }

    /** Forgets every producer (before rebuilding the table from the log, on becoming leader). */
    public void clear() {
        producers.clear();
    }

    /** How many producers this partition knows. */
    public int producerCount() {
        return producers.size();
    }

    private static boolean follows(int lastSequence, int firstSequence) {
        return lastSequence == RecordBatch.NO_SEQUENCE
                || firstSequence == lastSequence + 1L
                || (firstSequence == 0 && lastSequence == Integer.MAX_VALUE);
    }

    /**
     * A batch already stored.
     *
     * @param baseOffset    the offset its first record got
     * @param durable       completes when it is durable
     * @param logAppendTime the time the broker stamped it with, if its topic uses LogAppendTime
     */
    public record Duplicate(long baseOffset, CompletableFuture<Long> durable, OptionalLong logAppendTime) {
    }
}
