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

    /** Append one record; {@code data} is the WAL's own copy. */
    record Append(DiskLog log, long offset, ByteBuffer data, CompletableFuture<Long> future) implements WriterCommand {
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

    /** The Disruptor's preallocated ring slot: holds one command between publish and handling. */
    final class Slot {
        private WriterCommand command;

        void set(WriterCommand command) {
            this.command = command;
        }

        /** Takes the command out, so the slot does not keep its data alive until the ring wraps. */
        WriterCommand take() {
            WriterCommand taken = command;
            command = null;
            return taken;
        }
    }
}
