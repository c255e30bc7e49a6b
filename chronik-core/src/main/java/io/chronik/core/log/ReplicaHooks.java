package io.chronik.core.log;

import io.chronik.core.raft.Outbound;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What a {@link PartitionLog} needs from the node that drives its replica.
 *
 * @param clock                 milliseconds for the replica's timers
 * @param sender                sends one replica message to another replica of this partition; must
 *                              not block (called under the partition's lock)
 * @param pollSoon              asks the driver to {@link PartitionLog#poll()} the log soon, on its own
 *                              thread (a WAL or controller future completed on a thread that must not
 *                              do the replica's work); must not block
 * @param highWatermarkListener told (under the partition's lock, so it must not block) when the high
 *                              watermark moved: consumers waiting in a long poll may now read more
 */
public record ReplicaHooks(LongSupplier clock, Consumer<Outbound> sender, Consumer<PartitionLog> pollSoon,
                           Consumer<TopicPartition> highWatermarkListener) {
}
