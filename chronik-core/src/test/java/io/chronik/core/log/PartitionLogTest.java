package io.chronik.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.wal.WalLog;
import io.chronik.testkit.wal.MemoryWal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

class PartitionLogTest {

    private static final TopicPartition TP = new TopicPartition("events", 0);

    private final MemoryWal.Storage storage = new MemoryWal.Storage();
    private final MemoryWal wal = new MemoryWal(storage, 1 << 20);
    private final List<TopicPartition> notified = new CopyOnWriteArrayList<>();

    private PartitionLog open() {
        return SingleReplica.open(TP, wal.open(TP.walLogName()), 7, 0, notified::add);
    }

    /** A producer-style batch (base offset 0) of {@code count} records with timestamps from {@code firstTs}. */
    private static ByteBuffer batch(Compression compression, long firstTs, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(firstTs + i, ("k" + i).getBytes(), ("value-" + firstTs + "-" + i).getBytes());
        }
        return MemoryRecords.withRecords(0L, compression, records).buffer();
    }

    private static List<Record> records(ByteBuffer bytes) {
        List<Record> out = new ArrayList<>();
        MemoryRecords.readableRecords(bytes).records().forEach(out::add);
        return out;
    }

    @Test
    void assignsConsecutiveOffsetsAndPatchesOnlyBaseOffsetAndLeaderEpoch() {
        PartitionLog log = open();
        ByteBuffer first = batch(Compression.NONE, 1000, 3);
        ByteBuffer second = batch(Compression.gzip().build(), 2000, 5);
        byte[] secondAsSent = copy(second);

        AppendedBatch a = log.append(first);
        AppendedBatch b = log.append(second);

        assertThat(a.baseOffset()).isZero();
        assertThat(b.baseOffset()).isEqualTo(3);
        assertThat(b.durable()).isCompletedWithValue(3L);
        assertThat(log.highWatermark()).isEqualTo(8);
        assertThat(notified).containsExactly(TP, TP);

        LogRead read = log.read(3, 1 << 20);
        MutableRecordBatch stored = MemoryRecords.readableRecords(read.copyRecords()).batches().iterator().next();
        stored.ensureValid();
        assertThat(stored.baseOffset()).isEqualTo(3);
        assertThat(stored.partitionLeaderEpoch()).isEqualTo(7);
        byte[] storedBytes = copy(read.copyRecords());
        // Everything after baseOffset (0-7), batchLength (8-11) and partitionLeaderEpoch (12-15) is as sent.
        assertThat(java.util.Arrays.copyOfRange(storedBytes, 16, storedBytes.length))
                .isEqualTo(java.util.Arrays.copyOfRange(secondAsSent, 16, secondAsSent.length));
        assertThat(records(read.copyRecords())).extracting(Record::offset).containsExactly(3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void readsFromTheBatchContainingTheOffsetWithinTheByteLimit() {
        PartitionLog log = open();
        for (int i = 0; i < 5; i++) {
            log.append(batch(Compression.NONE, i * 10L, 2));
        }
        int oneBatch = log.read(4, 1).sizeInBytes();

        LogRead fromMiddle = log.read(5, oneBatch * 2);

        assertThat(records(fromMiddle.copyRecords())).extracting(Record::offset).containsExactly(4L, 5L, 6L, 7L);
        assertThat(log.read(10, 1000).sizeInBytes()).isZero();
        assertThatThrownBy(() -> log.read(11, 1000)).isInstanceOf(OffsetOutOfRangeException.class)
                .hasMessageContaining("11");
    }

    @Test
    void recoversTheLogEndOffsetWhenReopened() {
        PartitionLog log = open();
        log.append(batch(Compression.NONE, 0, 4));
        log.append(batch(Compression.lz4().build(), 0, 6));

        PartitionLog reopened = SingleReplica.open(TP, new MemoryWal(storage, 1 << 20).open(TP.walLogName()), 7, 0,
                notified::add);

        assertThat(reopened.highWatermark()).isEqualTo(10);
        assertThat(reopened.logStartOffset()).isZero();
        assertThat(reopened.append(batch(Compression.NONE, 0, 1)).baseOffset()).isEqualTo(10);
    }

    @Test
    void findsOffsetsByTimestamp() {
        PartitionLog log = open();
        log.append(batch(Compression.NONE, 100, 3));
        log.append(batch(Compression.snappy().build(), 200, 3));

        assertThat(log.offsetForTimestamp(0)).contains(new TimestampOffset(100, 0));
        assertThat(log.offsetForTimestamp(201)).contains(new TimestampOffset(201, 4));
        assertThat(log.offsetForTimestamp(500)).isEmpty();
        assertThat(log.maxTimestamp()).contains(new TimestampOffset(202, 5));
    }

    @Test
    void aPersistedLogStartIsEnforcedAndFreedOnOpen() {
        PartitionLog log = open();
        for (int i = 0; i < 3; i++) {
            log.append(batch(Compression.NONE, i * 10L, 3)).durable().join();
        }
        WalLog reopenedWal = new MemoryWal(storage, 1 << 20).open(TP.walLogName());

        PartitionLog reopened = SingleReplica.open(TP, reopenedWal, 7, 4, notified::add);

        assertThat(reopened.logStartOffset()).isEqualTo(4);
        assertThat(reopenedWal.firstOffset()).as("the batch holding offset 4 stays").hasValue(3);
        assertThatThrownBy(() -> reopened.read(2, 1 << 20)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(reopened.offsetForTimestamp(0)).as("records below the log start are not found")
                .contains(new TimestampOffset(11, 4));

        reopened.advanceLogStart(9).join();
        PartitionLog emptied = SingleReplica.open(TP, new MemoryWal(storage, 1 << 20).open(TP.walLogName()), 7, 9,
                notified::add);
        assertThat(emptied.highWatermark()).isEqualTo(9);
        assertThat(emptied.logStartOffset()).isEqualTo(9);
    }

    @Test
    void aFailedWalAppendLeavesTheHighWatermarkAlone() {
        WalLog tiny = new MemoryWal(new MemoryWal.Storage(), 10).open(TP.walLogName());
        PartitionLog log = SingleReplica.open(TP, tiny, 0, 0, notified::add);

        AppendedBatch appended = log.append(batch(Compression.NONE, 0, 2));

        assertThat(appended.durable()).isCompletedExceptionally();
        assertThat(log.highWatermark()).isZero();
        assertThat(notified).isEmpty();
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
