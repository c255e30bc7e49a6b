package io.chronik.core.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

class ProducerStateTableTest {

    private static final long PID = 7;

    private final ProducerStateTable table = new ProducerStateTable();
    private long nextOffset;

    private static MutableRecordBatch batch(short epoch, int baseSequence, int count) {
        return batch(PID, epoch, baseSequence, count);
    }

    private static MutableRecordBatch batch(long producerId, short epoch, int baseSequence, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(new byte[] {(byte) i});
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence, records)
                .batches().iterator().next();
    }

    /** Checks and, if new, records the batch at the next offsets; returns the offset it has. */
    private long append(MutableRecordBatch batch) {
        var duplicate = table.check(batch);
        if (duplicate.isPresent()) {
            return duplicate.get().baseOffset();
        }
        batch.setLastOffset(nextOffset + batch.lastOffset() - batch.baseOffset());
        nextOffset = batch.lastOffset() + 1;
        table.record(batch, CompletableFuture.completedFuture(batch.baseOffset()));
        return batch.baseOffset();
    }

    @Test
    void retriesOfTheLastFiveBatchesAreDuplicatesOlderOnesAreOutOfOrder() {
        for (int i = 0; i < 6; i++) {
            assertThat(append(batch((short) 0, i * 2, 2))).isEqualTo(i * 2L);
        }

        assertThat(append(batch((short) 0, 2, 2))).as("second batch, still retained").isEqualTo(2);
        assertThat(append(batch((short) 0, 10, 2))).as("latest batch").isEqualTo(10);
        assertThatThrownBy(() -> append(batch((short) 0, 0, 2))).as("first batch fell out of the window")
                .isInstanceOfSatisfying(ProducerSequenceException.class,
                        e -> assertThat(e.error()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
        assertThat(nextOffset).isEqualTo(12);
    }

    @Test
    void sequencesWrapAfterIntegerMaxValueAndUnknownProducersStartAnywhere() {
        assertThat(append(batch((short) 3, Integer.MAX_VALUE - 1, 2))).isZero();
        assertThat(append(batch((short) 3, 0, 1))).isEqualTo(2);
        assertThat(table.producerCount()).isEqualTo(1);
    }

    @Test
    void epochsFenceOlderWritersAndNewEpochsRestartAtZero() {
        append(batch((short) 1, 0, 1));

        assertThatThrownBy(() -> append(batch((short) 0, 1, 1))).isInstanceOfSatisfying(
                ProducerSequenceException.class, e -> assertThat(e.error()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH));
        assertThatThrownBy(() -> append(batch((short) 2, 1, 1))).isInstanceOfSatisfying(
                ProducerSequenceException.class,
                e -> assertThat(e.error()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER));
        assertThat(append(batch((short) 2, 0, 1))).isEqualTo(1);
        assertThatThrownBy(() -> append(batch((short) 1, 1, 1))).isInstanceOfSatisfying(
                ProducerSequenceException.class, e -> assertThat(e.error()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH));
    }

    @Test
    void theLeastRecentlyWritingProducerIsForgottenBeyondTheCap() {
        append(batch(0, (short) 0, 0, 1));
        append(batch(1, (short) 0, 0, 1));
        for (long pid = 2; pid <= ProducerStateTable.MAX_PRODUCERS; pid++) {
            append(batch(pid, (short) 0, 0, 1));
        }
        long recent = append(batch(1, (short) 0, 1, 1));

        assertThat(table.producerCount()).isEqualTo(ProducerStateTable.MAX_PRODUCERS);
        assertThat(append(batch(0, (short) 0, 5, 1))).as("producer 0 was evicted: any sequence is accepted")
                .isEqualTo(nextOffset - 1);
        assertThat(append(batch(1, (short) 0, 1, 1))).as("producer 1 wrote recently: still deduplicated")
                .isEqualTo(recent);
    }
}
