package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.ReplicaHooks;
import io.chronik.core.log.SingleReplica;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.raft.IsrConfig;
import io.chronik.core.raft.LogPosition;
import io.chronik.core.raft.NotLeaderException;
import io.chronik.core.raft.Outbound;
import io.chronik.testkit.wal.MemoryWal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

/** What the Kafka handlers check before serving a partition: leadership, current_leader_epoch, epoch ends. */
class LeaderChecksTest {

    private static final TopicPartition TP = new TopicPartition("events", 0);

    private static ByteBuffer batch() {
        return MemoryRecords.withRecords(0L, Compression.NONE, new SimpleRecord("v".getBytes())).buffer();
    }

    @Test
    void aFollowerRefusesClientsAndAppendsAsNotLeader() {
        List<Outbound> sent = new ArrayList<>();
        PartitionLog follower = PartitionLog.open(TP, new MemoryWal(new MemoryWal.Storage(), 1 << 20).open("events-0"),
                0, IsrConfig.defaults(2, Set.of(1, 2)), (leader, epoch, isr) -> CompletableFuture.completedFuture(false),
                new ReplicaHooks(System::currentTimeMillis, sent::add, log -> { }, tp -> { }));
        follower.becomeFollower(4, 1);

        assertThat(sent).as("the follower fetches from its leader").singleElement()
                .satisfies(out -> assertThat(out.toNode()).isEqualTo(1));
        assertThat(FetchHandler.leaderError(-1, follower)).contains(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(FetchHandler.leaderError(3, follower)).contains(Errors.FENCED_LEADER_EPOCH);
        assertThat(FetchHandler.leaderError(5, follower)).contains(Errors.UNKNOWN_LEADER_EPOCH);
        assertThatThrownBy(() -> follower.append(batch(), OptionalLong.empty(), false, 1))
                .isInstanceOf(NotLeaderException.class);
    }

    @Test
    void aLeaderAnswersEpochEndsFromItsBatches() {
        MemoryWal.Storage storage = new MemoryWal.Storage();
        PartitionLog first = SingleReplica.open(TP, new MemoryWal(storage, 1 << 20).open("events-0"), 2, 0, tp -> { });
        first.append(batch()).durable().join();
        first.append(batch()).durable().join();
        PartitionLog later = SingleReplica.open(TP, new MemoryWal(storage, 1 << 20).open("events-0"), 5, 0, tp -> { });
        later.append(batch()).durable().join();

        assertThat(FetchHandler.leaderError(5, later)).isEmpty();
        assertThat(FetchHandler.leaderError(-1, later)).isEmpty();
        assertThat(later.endOffsetFor(2)).contains(new LogPosition(2, 2));
        assertThat(later.endOffsetFor(4)).as("no batch of epoch 4: it ends where epoch 5 starts")
                .contains(new LogPosition(2, 2));
        assertThat(later.endOffsetFor(5)).contains(new LogPosition(5, 3));
        assertThat(later.endOffsetFor(6)).isEmpty();
        assertThat(later.highWatermark()).isEqualTo(3);
    }

    @Test
    void anOfflinePartitionStopsLeading() {
        PartitionLog log = SingleReplica.open(TP, new MemoryWal(new MemoryWal.Storage(), 1 << 20).open("events-0"), 0, 0,
                tp -> { });
        log.append(batch()).durable().join();

        log.becomeOffline(1);

        assertThat(log.isLeader()).isFalse();
        assertThat(FetchHandler.leaderError(1, log)).contains(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(FetchHandler.leaderError(0, log)).contains(Errors.FENCED_LEADER_EPOCH);
        assertThatThrownBy(() -> log.append(batch())).isInstanceOf(NotLeaderException.class);
        assertThat(log.highWatermark()).as("what was committed stays readable").isEqualTo(1);
    }
}
