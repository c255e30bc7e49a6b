package io.chronik.core.log;

import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every partition log of this node, one {@link io.chronik.spi.wal.WalLog} each, named
 * {@link TopicPartition#walLogName()}. Opening is called by the replica manager, deleting by whoever
 * applies topic metadata (serialised per topic by the metadata writer); lookups are lock-free.
 */
public final class PartitionLogs {

    private final Wal wal;
    private final Map<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();

    public PartitionLogs(Wal wal) {
        this.wal = wal;
    }

    /**
     * Opens (recovering) the partition's log over its WAL log with {@code opener}, or returns it if
     * already open.
     */
    public PartitionLog open(TopicPartition partition, Function<WalLog, PartitionLog> opener) {
        return logs.computeIfAbsent(partition, p -> opener.apply(wal.open(p.walLogName())));
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
