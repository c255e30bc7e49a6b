package io.chronik.core.kafka;

import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.PartitionLogs;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.metadata.MetadataCommand;
import io.chronik.core.metadata.MetadataLog;
import io.chronik.core.metadata.MetadataStateMachine.Applied;
import io.chronik.core.metadata.TopicInfo;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and deletes topics on this node: validates a request against the current metadata,
 * writes the command to the {@link MetadataLog}, and keeps the {@link PartitionLogs} in step with
 * what the metadata says (on every applied command and once after replay, which also removes logs
 * left behind by a deletion that a crash interrupted).
 *
 * <h2>Threading</h2>
 * Creations and deletions are serialised on this object, so validation always sees every earlier
 * change; they block for one metadata-log flush. Lookups are lock-free.
 */
public final class TopicManager {

    private static final Logger LOG = LoggerFactory.getLogger(TopicManager.class);
    /**
     * The most partitions a topic may have: partition WAL logs are named {@code <topic>-<partition>},
     * and a 249-character topic name leaves room for five digits within the WAL's 255 characters
     * (the same arithmetic that gave Kafka its 249-character limit for partition directories).
     */
    static final int MAX_PARTITIONS = 100_000;

    private final PartitionLogs partitionLogs;
    private final MetadataLog metadata;
    private final int leaderEpoch;
    private volatile boolean replayed;

    /**
     * Opens the metadata log (replaying it) and every partition log it names.
     *
     * @param leaderEpoch     the leader epoch of every partition on this single node
     * @param durableListener told, on a WAL thread, when a partition got new durable data
     */
    public TopicManager(Wal wal, int leaderEpoch, Consumer<TopicPartition> durableListener) {
        this.leaderEpoch = leaderEpoch;
        this.partitionLogs = new PartitionLogs(wal, durableListener);
        this.metadata = MetadataLog.open(wal, this::onApplied);
        Set<TopicPartition> expected = metadata.state().topics().stream()
                .flatMap(TopicManager::partitionsOf).collect(Collectors.toSet());
        expected.forEach(p -> partitionLogs.open(p, leaderEpoch));
        replayed = true;
        Set<String> orphans = partitionLogs.deleteOrphans(expected, Set.of(MetadataLog.LOG_NAME));
        if (!orphans.isEmpty()) {
            LOG.info("Deleted partition logs of topics that no longer exist: {}", orphans);
        }
    }

    /**
     * Keeps partition logs in step with applied commands. During replay it does nothing: a topic
     * deleted and re-created under the same name shares WAL log names with its predecessor, so only
     * the final state says which logs are live.
     */
    private void onApplied(Applied applied) {
        if (!replayed) {
            return;
        }
        if (applied instanceof Applied.TopicCreated created) {
            partitionsOf(created.topic()).forEach(p -> partitionLogs.open(p, leaderEpoch));
        } else if (applied instanceof Applied.TopicDeleted deleted) {
            partitionsOf(deleted.topic()).forEach(partitionLogs::delete);
        } else if (applied instanceof Applied.Ignored ignored) {
            LOG.warn("Metadata command had no effect: {}", ignored.reason());
        }
    }

    private static Stream<TopicPartition> partitionsOf(TopicInfo topic) {
        return IntStream.range(0, topic.partitions()).mapToObj(p -> new TopicPartition(topic.name(), p));
    }

    /**
     * Creates a topic, or with {@code validateOnly} only checks that it could be created.
     *
     * @param partitions at least 1 (the caller resolves Kafka's "-1 = default")
     */
    public synchronized TopicResult create(String name, int partitions, Map<String, String> configs,
                                           boolean validateOnly) {
        Optional<String> problem = TopicNames.problem(name);
        if (problem.isPresent()) {
            return TopicResult.failed(Errors.INVALID_TOPIC_EXCEPTION, problem.get());
        }
        if (metadata.state().topic(name).isPresent()) {
            return TopicResult.failed(Errors.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.");
        }
        String key = TopicNames.collisionKey(name);
        Optional<TopicInfo> collision = metadata.state().topics().stream()
                .filter(t -> TopicNames.collisionKey(t.name()).equals(key)).findFirst();
        if (collision.isPresent()) {
            return TopicResult.failed(Errors.INVALID_TOPIC_EXCEPTION, "Topic '" + name + "' collides with existing topic '"
                    + collision.get().name() + "' (names may not differ only by '.' and '_')");
        }
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            return TopicResult.failed(Errors.INVALID_PARTITIONS, "Number of partitions must be between 1 and "
                    + MAX_PARTITIONS + ", was " + partitions);
        }
        MetadataCommand.CreateTopic command = MetadataCommand.CreateTopic.of(name, Uuid.randomUuid(), partitions,
                configs);
        if (validateOnly) {
            return TopicResult.ok(new TopicInfo(name, command.topicId(), partitions, command.configs()));
        }
        try {
            Applied applied = metadata.write(command);
            if (applied instanceof Applied.TopicCreated created) {
                LOG.info("Created topic {} ({} partitions, id {})", name, partitions, command.topicId());
                return TopicResult.ok(created.topic());
            }
            return TopicResult.failed(Errors.UNKNOWN_SERVER_ERROR, "topic creation had no effect");
        } catch (WalException e) {
            LOG.error("Could not write the creation of topic {}", name, e);
            return TopicResult.failed(Errors.KAFKA_STORAGE_ERROR, "metadata log write failed: " + e.getMessage());
        }
    }

    /** Deletes a topic and all its partition data. */
    public synchronized TopicResult delete(TopicInfo topic) {
        try {
            Applied applied = metadata.write(new MetadataCommand.DeleteTopic(topic.topicId()));
            if (applied instanceof Applied.TopicDeleted deleted) {
                LOG.info("Deleted topic {} (id {})", topic.name(), topic.topicId());
                return TopicResult.ok(deleted.topic());
            }
            return TopicResult.failed(Errors.UNKNOWN_TOPIC_ID, "topic " + topic.name() + " no longer exists");
        } catch (WalException e) {
            LOG.error("Could not write the deletion of topic {}", topic.name(), e);
            return TopicResult.failed(Errors.KAFKA_STORAGE_ERROR, "metadata log write failed: " + e.getMessage());
        }
    }

    public Optional<TopicInfo> topic(String name) {
        return metadata.state().topic(name);
    }

    public Optional<TopicInfo> topic(Uuid topicId) {
        return metadata.state().topic(topicId);
    }

    /** Every topic, sorted by name. */
    public List<TopicInfo> topics() {
        return metadata.state().topics();
    }

    /** The log of an existing partition. */
    public Optional<PartitionLog> partition(TopicPartition partition) {
        return partitionLogs.get(partition);
    }

    /** The leader epoch of every partition on this node. */
    public int leaderEpoch() {
        return leaderEpoch;
    }
}
