package io.chronik.core.log;

import io.chronik.spi.wal.Wal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Every partition log of this node, one {@link io.chronik.spi.wal.WalLog} each, named
 * {@link TopicPartition#walLogName()}. Opening and deleting are called by whoever applies topic
 * metadata (serialised per topic by the metadata writer); lookups are lock-free.
 */
public final class PartitionLogs {

    private final Wal wal;
    private final Consumer<TopicPartition> durableListener;
    private final Map<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();

    /** @param durableListener told, on a WAL thread, when a partition got new durable data */
    public PartitionLogs(Wal wal, Consumer<TopicPartition> durableListener) {
        this.wal = wal;
        this.durableListener = durableListener;
    }

    /**
     * Opens (recovering) the partition's log, or returns it if already open.
     *
     * @param deletedBefore the log start offset DeleteRecords last set, 0 if never
     */
    public PartitionLog open(TopicPartition partition, int leaderEpoch, long deletedBefore) {
        return logs.computeIfAbsent(partition,
                p -> PartitionLog.open(p, wal.open(p.walLogName()), leaderEpoch, deletedBefore, durableListener));
    }

    /** Every open partition log. */
    public Map<TopicPartition, PartitionLog> all() {
        return Map.copyOf(logs);
    }

    public Optional<PartitionLog> get(TopicPartition partition) {
        return Optional.ofNullable(logs.get(partition));
    }

    /** Forgets the partition and deletes its WAL log with all its data. */
    public void delete(TopicPartition partition) {
        logs.remove(partition);
        wal.delete(partition.walLogName());
    }

    /**
     * Deletes stored logs that belong to no partition in {@code keep}, other than {@code reserved}
     * names: the leftovers of a topic deletion interrupted by a crash.
     *
     * @return the names deleted
     */
    public Set<String> deleteOrphans(Set<TopicPartition> keep, Set<String> reserved) {
        Set<String> wanted = keep.stream().map(TopicPartition::walLogName).collect(Collectors.toSet());
        Set<String> orphans = wal.logNames().stream()
                .filter(name -> !wanted.contains(name) && !reserved.contains(name))
                .collect(Collectors.toSet());
        orphans.forEach(wal::delete);
        return orphans;
    }
}
