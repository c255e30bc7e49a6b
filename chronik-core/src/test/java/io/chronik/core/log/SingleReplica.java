package io.chronik.core.log;

import io.chronik.core.raft.IsrConfig;
import io.chronik.spi.wal.WalLog;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Opens a partition log as a replica set of one led by node 1, as a single node does. */
public final class SingleReplica {

    private SingleReplica() {
    }

    /**
     * @param highWatermarkListener told when the high watermark moves (on the WAL's completion thread)
     */
    public static PartitionLog open(TopicPartition partition, WalLog wal, int leaderEpoch, long deletedBefore,
                                    Consumer<TopicPartition> highWatermarkListener) {
        ReplicaHooks hooks = new ReplicaHooks(System::currentTimeMillis,
                out -> {
                    throw new AssertionError("a replica set of one sent " + out);
                },
                log -> {
                    throw new AssertionError("a replica set of one asked the driver to poll");
                },
                highWatermarkListener);
        PartitionLog log = PartitionLog.open(partition, wal, deletedBefore, IsrConfig.defaults(1, Set.of(1)),
                (leader, epoch, isr) -> CompletableFuture.completedFuture(false), hooks);
        log.becomeLeader(leaderEpoch, Set.of(1));
        return log;
    }
}
