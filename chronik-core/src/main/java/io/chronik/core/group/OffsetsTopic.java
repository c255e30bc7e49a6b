package io.chronik.core.group;

import io.chronik.core.log.LogRead;
import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.TopicPartition;
import io.chronik.spi.Time;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * The I/O side of {@code __consumer_offsets}: which partition holds a group, appending a group's
 * records there as one Kafka record batch (key and value in {@link GroupRecordCodec} form), and
 * replaying every partition in offset order.
 *
 * <p>A group lives in partition {@code abs(groupId.hashCode()) % partitions}, Kafka's rule, so the
 * coordinator of a group can later be the leader of that partition.
 *
 * <h2>Threading</h2>
 * Thread-safe: appends go to {@link PartitionLog#append}, which orders concurrent appends.
 */
public final class OffsetsTopic {

    /** The topic's name, as in Kafka. */
    public static final String NAME = "__consumer_offsets";
    private static final int REPLAY_CHUNK_BYTES = 1 << 20;

    private final int partitions;
    private final Function<TopicPartition, Optional<PartitionLog>> logs;
    private final Time time;

    /**
     * @param partitions the topic's partition count
     * @param logs       the open partition logs of the topic
     */
    public OffsetsTopic(int partitions, Function<TopicPartition, Optional<PartitionLog>> logs, Time time) {
        this.partitions = partitions;
        this.logs = logs;
        this.time = time;
    }

    /** The partition that holds {@code groupId}'s offsets and metadata. */
    public int partitionFor(String groupId) {
        return Utils.abs(groupId.hashCode()) % partitions;
    }

    /**
     * Appends records of one group as one batch.
     *
     * @return completes when the batch is durable, exceptionally if the partition is missing or
     *         the WAL failed (never throws)
     */
    public CompletableFuture<Void> append(String groupId, List<GroupRecord> records) {
        TopicPartition partition = new TopicPartition(NAME, partitionFor(groupId));
        Optional<PartitionLog> log = logs.apply(partition);
        if (log.isEmpty()) {
            return CompletableFuture.failedFuture(new GroupStorageException("no log for " + partition));
        }
        long now = time.milliseconds();
        SimpleRecord[] simple = records.stream().map(r -> {
            GroupRecordCodec.Encoded encoded = GroupRecordCodec.encode(r);
            return new SimpleRecord(now, encoded.key(), encoded.value().orElse(null));
        }).toArray(SimpleRecord[]::new);
        MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE, simple);
        try {
            return log.get().append(batch.buffer()).durable().thenApply(offset -> null);
        } catch (RuntimeException e) {
            // a failed WAL may refuse at once; callers handle every failure through the future
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The topic's partition count. */
    public int partitions() {
        return partitions;
    }

    /** Feeds every committed record of partition {@code p} to {@code sink}, in offset order; control batches are skipped. */
    public void replay(int p, Consumer<GroupRecord> sink) {
        TopicPartition partition = new TopicPartition(NAME, p);
        PartitionLog log = logs.apply(partition).orElseThrow(() ->
                new GroupStorageException("no log for " + partition + " to replay"));
        long position = log.logStartOffset();
        while (position < log.highWatermark()) {
            LogRead read = log.read(position, REPLAY_CHUNK_BYTES);
            long before = position;
            for (MutableRecordBatch batch : MemoryRecords.readableRecords(read.copyRecords()).batches()) {
                position = batch.lastOffset() + 1;
                if (batch.isControlBatch()) {
                    continue; // markers of the log itself (e.g. a leader change), not group records
                }
                for (Record record : batch) {
                    if (record.hasKey()) {
                        sink.accept(GroupRecordCodec.decode(record.key(),
                                record.hasValue() ? Optional.of(record.value()) : Optional.<ByteBuffer>empty()));
                    }
                }
            }
            if (position == before) {
                throw new GroupFormatException("replay of " + partition + " made no progress at offset " + position);
            }
        }
    }
}
