package io.chronik.core.kafka;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Optional;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Checks the records of one partition of a produce request before they are stored: exactly one
 * v2 batch (Kafka's rule for produce v3+), no larger than the partition's {@code max.message.bytes},
 * no trailing bytes, CRC correct ({@code DefaultRecordBatch.ensureValid}), a record count that
 * matches {@code lastOffsetDelta}, not a control batch (only brokers write those) and not
 * transactional (transactions are not implemented).
 */
final class BatchValidator {

    private BatchValidator() {
    }

    /**
     * A rejection: the error code and why.
     *
     * @param error   the Kafka error for the partition
     * @param message what is wrong, for the client
     */
    record Rejection(Errors error, String message) {
    }

    /**
     * Validates and returns the single batch's bytes.
     *
     * @return the batch bytes, or the rejection
     */
    static Result validate(BaseRecords records, int maxMessageBytes) {
        if (!(records instanceof MemoryRecords memory)) {
            return Result.rejected(Errors.CORRUPT_MESSAGE, "produce request carries no records");
        }
        ByteBuffer bytes = memory.buffer();
        if (bytes.remaining() > maxMessageBytes) {
            return Result.rejected(Errors.MESSAGE_TOO_LARGE, "record batch of " + bytes.remaining()
                    + " bytes exceeds max.message.bytes " + maxMessageBytes);
        }
        try {
            return validateBatch(memory, bytes);
        } catch (CorruptRecordException e) {
            // Thrown while walking batch headers whose length fields make no sense.
            return Result.rejected(Errors.CORRUPT_MESSAGE, e.getMessage());
        }
    }

    private static Result validateBatch(MemoryRecords memory, ByteBuffer bytes) {
        Iterator<MutableRecordBatch> batches = memory.batches().iterator();
        if (!batches.hasNext()) {
            return Result.rejected(Errors.CORRUPT_MESSAGE, "no complete record batch in " + bytes.remaining()
                    + " bytes");
        }
        MutableRecordBatch batch = batches.next();
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            return Result.rejected(Errors.INVALID_RECORD, "record batches must have magic 2, found "
                    + batch.magic());
        }
        if (batches.hasNext()) {
            return Result.rejected(Errors.INVALID_RECORD,
                    "produce requests may contain exactly one record batch per partition");
        }
        if (batch.sizeInBytes() != bytes.remaining()) {
            return Result.rejected(Errors.CORRUPT_MESSAGE, (bytes.remaining() - batch.sizeInBytes())
                    + " unexpected bytes after the record batch");
        }
        try {
            batch.ensureValid();
        } catch (CorruptRecordException e) {
            return Result.rejected(Errors.CORRUPT_MESSAGE, e.getMessage());
        }
        if (batch.isControlBatch()) {
            return Result.rejected(Errors.INVALID_RECORD, "clients may not produce control batches");
        }
        if (batch.isTransactional()) {
            return Result.rejected(Errors.INVALID_RECORD, "transactional batches are not supported by this broker");
        }
        Integer count = batch.countOrNull();
        long delta = batch.lastOffset() - batch.baseOffset();
        if (count == null || count < 1 || delta != count - 1) {
            return Result.rejected(Errors.INVALID_RECORD, "record batch holds " + count
                    + " records but its last offset delta is " + delta);
        }
        return new Result(Optional.of(bytes), Optional.empty());
    }

    /**
     * The validation outcome: exactly one of the two is present.
     *
     * @param batch     the valid batch's bytes
     * @param rejection why the records were refused
     */
    record Result(Optional<ByteBuffer> batch, Optional<Rejection> rejection) {
        static Result rejected(Errors error, String message) {
            return new Result(Optional.empty(), Optional.of(new Rejection(error, message)));
        }
    }
}
