package io.chronik.core.log;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of appending one record batch.
 *
 * @param baseOffset the offset given to the batch's first record
 * @param durable    completes with the batch's base offset once the batch may be acknowledged
 *                   (acks=1: durable on the leader; acks=all: the high watermark passed it), or
 *                   exceptionally if the WAL failed, leadership moved
 *                   ({@link io.chronik.core.raft.NotLeaderException}) or the ISR shrank below
 *                   {@code min.insync.replicas} ({@link io.chronik.core.raft.NotEnoughReplicasException})
 * @param duplicate     whether the batch was a producer's retry of a batch already stored, which
 *                      this call did not store again ({@code baseOffset} is the original's)
 * @param logAppendTime the timestamp the broker stamped the batch with, for LogAppendTime topics
 */
public record AppendedBatch(long baseOffset, CompletableFuture<Long> durable, boolean duplicate,
                            OptionalLong logAppendTime) {
}
