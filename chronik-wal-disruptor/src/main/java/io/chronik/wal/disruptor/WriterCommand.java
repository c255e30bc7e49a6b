package io.chronik.wal.disruptor;

import io.chronik.spi.wal.WalException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * What a caller asks of the writer thread. Every operation that changes a log travels through the one
 * ring as one of these, so appends, truncations, deletions of old segments and deletion of the log
 * take effect in the order they were called.
 */
sealed interface WriterCommand {

    DiskLog log();

    CompletableFuture<?> future();

    /** Completes the command's future exceptionally without doing it. */
    default void fail(WalException cause) {
        future().completeExceptionally(cause);
    }

    /**
     * Append one record. Until it is published, {@code data} is the caller's buffer (read, never moved);
     * what the writer gets holds the WAL's own copy ({@link Slot#set} or {@link #copied()}).
     */
    record Append(DiskLog log, long offset, ByteBuffer data, CompletableFuture<Long> future) implements WriterCommand {

        /** The same append holding a copy of its data in a buffer of its own (positioned at 0). */
        Append copied() {
            return withData(ByteBuffer.allocate(data.remaining()).put(0, data, data.position(), data.remaining()));
        }

        Append withData(ByteBuffer copy) {
            return new Append(log, offset, copy, future);
        }
    }

    /** Remove every record above {@code offset}. */
    record TruncateAfter(DiskLog log, long offset, CompletableFuture<Void> future) implements WriterCommand {
    }

    /** Remove whole segments whose records all lie below {@code offset}. */
    record DeleteBefore(DiskLog log, long offset, CompletableFuture<OptionalLong> future) implements WriterCommand {
    }

    /** Close the log and remove its directory. */
    record DeleteLog(DiskLog log, CompletableFuture<Void> future) implements WriterCommand {
    }

    /**
     * The Disruptor's preallocated ring slot: holds one command between publish and handling, and the
     * bytes of an append of at most {@link #REUSED_BYTES}, in a buffer it keeps and reuses whenever
     * the ring wraps round to it. An append's data is thus copied once, from the caller's buffer
     * straight into the slot, and a small append leaves no garbage of its size behind: at tens of
     * thousands of appends per second that copy was most of the WAL's allocation, and the young
     * collections it caused paused every appender and the writer (see {@code BENCHMARKS.md}).
     *
     * <p>The producer that claimed the slot fills it inside {@code publishEvent}; the writer reads it
     * in {@code onEvent} and is done with the data when that returns (the record is staged or
     * written), before the slot can be claimed again. So the copy is made before {@code append}
     * returns, as the SPI requires, and nobody reads a slot's buffer after it is reused.
     */
    final class Slot {
        /** Appends up to this size reuse the slot's buffer; a larger one gets a copy of its own. */
        static final int REUSED_BYTES = 4096;

        private ByteBuffer reused = ByteBuffer.allocate(0);
        private WriterCommand command;

        /** Producer thread, inside {@code publishEvent}: takes the command, copying an append's data. */
        void set(WriterCommand command) {
            if (command instanceof Append append && append.data().remaining() <= REUSED_BYTES) {
                ByteBuffer data = append.data();
                int length = data.remaining();
                if (reused.capacity() < length) {
                    // grow in powers of two (at least 256 bytes), so a slot is reallocated only a few times
                    int capacity = Math.max(256, Integer.highestOneBit(length - 1) << 1);
                    reused = ByteBuffer.allocate(Math.min(REUSED_BYTES, capacity));
                }
                reused.clear().put(0, data, data.position(), length).limit(length);
                this.command = append.withData(reused);
            } else if (command instanceof Append append) {
                this.command = append.copied();
            } else {
                this.command = command;
            }
        }

        /** Takes the command out, so the slot does not keep its data alive until the ring wraps. */
        WriterCommand take() {
            WriterCommand taken = command;
            command = null;
            return taken;
        }
    }
}
