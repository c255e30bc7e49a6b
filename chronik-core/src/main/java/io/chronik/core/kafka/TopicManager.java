package io.chronik.core.kafka;

import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.PartitionLogs;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.metadata.MetadataCommand;
import io.chronik.core.metadata.MetadataLog;
import io.chronik.core.metadata.MetadataStateMachine.Applied;
import io.chronik.core.metadata.TopicInfo;
import io.chronik.core.replica.ReplicaManager;
import io.chronik.core.replica.SingleNodeAssignments;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, alters (configs, partitions, log start) and deletes topics on this node: validates a
 * request against the current metadata,
 * writes the command to the {@link MetadataLog}, and keeps the partition replicas
 * ({@link ReplicaManager}) and their {@link PartitionLogs} in step with what the metadata says (on
 * every applied command and once after replay, which also removes logs left behind by a deletion
 * that a crash interrupted). Until the metadata log carries partition assignments, every partition is
 * a replica set of this node alone ({@link SingleNodeAssignments}).
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

    private final ReplicaManager replicas;
    private final PartitionLogs partitionLogs;
    private final int nodeId;
    private final MetadataLog metadata;
    private volatile boolean replayed;

    /**
     * Opens the metadata log (replaying it) and every partition log it names, as replicas hosted by
     * {@code replicas}.
     *
     * @param nodeId this node, the leader of every partition (single node)
     */
    public TopicManager(Wal wal, ReplicaManager replicas, int nodeId) {
        this.replicas = replicas;
        this.partitionLogs = replicas.logs();
        this.nodeId = nodeId;
        this.metadata = MetadataLog.open(wal, this::onApplied);
        Set<TopicPartition> expected = metadata.state().topics().stream()
                .flatMap(TopicManager::partitionsOf).collect(Collectors.toSet());
        expected.forEach(this::openPartition);
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
            partitionsOf(created.topic()).forEach(this::openPartition);
        } else if (applied instanceof Applied.PartitionsCreated grown) {
            partitionsOf(grown.topic()).filter(p -> p.partition() >= grown.previousPartitions())
                    .forEach(this::openPartition);
        } else if (applied instanceof Applied.LogStartAdvanced advanced) {
            TopicPartition tp = new TopicPartition(advanced.topic().name(), advanced.partition());
            partitionLogs.get(tp).ifPresent(log -> log.advanceLogStart(advanced.logStartOffset())
                    .whenComplete((first, failure) -> {
                        if (failure != null) {
                            LOG.error("The WAL could not free records of {} below {}", tp, advanced.logStartOffset(),
                                    failure);
                        }
                    }));
        } else if (applied instanceof Applied.TopicDeleted deleted) {
            partitionsOf(deleted.topic()).forEach(tp -> {
                replicas.remove(deleted.topic().topicId(), tp.partition());
                partitionLogs.delete(tp);
            });
        } else if (applied instanceof Applied.Ignored ignored) {
            LOG.warn("Metadata command had no effect: {}", ignored.reason());
        }
    }

    /** Opens the partition as a replica set of this node alone (the stand-in for the controller's assignment). */
    private void openPartition(TopicPartition partition) {
        TopicInfo topic = metadata.state().topic(partition.topic()).orElseThrow();
        replicas.apply(SingleNodeAssignments.of(topic.topicId(), topic.name(), partition.partition(), nodeId),
                metadata.state().logStartOffset(topic.topicId(), partition.partition()));
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
        Optional<String> configProblem = TopicConfig.problem(configs);
        if (configProblem.isPresent()) {
            return TopicResult.failed(Errors.INVALID_CONFIG, configProblem.get());
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

    /**
     * Replaces a topic's config overrides, or with {@code validateOnly} only checks them.
     *
     * @param configs the complete new overrides (the caller merged the alterations)
     */
    public synchronized TopicResult alterConfigs(TopicInfo topic, SortedMap<String, String> configs,
                                                 boolean validateOnly) {
        Optional<String> problem = TopicConfig.problem(configs);
        if (problem.isPresent()) {
            return TopicResult.failed(Errors.INVALID_CONFIG, problem.get());
        }
        if (validateOnly) {
            return TopicResult.ok(new TopicInfo(topic.name(), topic.topicId(), topic.partitions(), configs));
        }
        return write(new MetadataCommand.AlterTopicConfigs(topic.topicId(), configs), topic,
                Applied.TopicConfigsAltered.class, "altered configs of");
    }

    /** Grows a topic to {@code partitions} partitions, or with {@code validateOnly} only checks it could. */
    public synchronized TopicResult createPartitions(String name, int partitions, boolean validateOnly) {
        Optional<TopicInfo> topic = topic(name);
        if (topic.isEmpty()) {
            return TopicResult.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION, "The topic '" + name + "' does not exist.");
        }
        int current = topic.get().partitions();
        if (partitions < current) {
            return TopicResult.failed(Errors.INVALID_PARTITIONS, "Topic currently has " + current
                    + " partitions, which is higher than the requested " + partitions + ".");
        }
        if (partitions == current) {
            return TopicResult.failed(Errors.INVALID_PARTITIONS, "Topic already has " + current + " partitions.");
        }
        if (partitions > MAX_PARTITIONS) {
            return TopicResult.failed(Errors.INVALID_PARTITIONS, "A topic may have at most " + MAX_PARTITIONS
                    + " partitions, requested " + partitions);
        }
        if (validateOnly) {
            return TopicResult.ok(new TopicInfo(name, topic.get().topicId(), partitions, topic.get().configs()));
        }
        return write(new MetadataCommand.CreatePartitions(topic.get().topicId(), partitions), topic.get(),
                Applied.PartitionsCreated.class, "added partitions to");
    }

    /**
     * Moves a partition's log start offset to {@code offset} (DeleteRecords): persisted in the
     * metadata log first, then applied to the partition log, which frees what the WAL can.
     *
     * @param offset at most the high watermark (the caller checks)
     */
    public synchronized TopicResult deleteRecords(TopicInfo topic, int partition, long offset) {
        return write(new MetadataCommand.AdvanceLogStart(topic.topicId(), partition, offset), topic,
                Applied.LogStartAdvanced.class, "deleted records of");
    }

    private TopicResult write(MetadataCommand command, TopicInfo topic, Class<? extends Applied> expected,
                              String what) {
        try {
            Applied applied = metadata.write(command);
            if (!expected.isInstance(applied)) {
                return TopicResult.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic " + topic.name()
                        + " changed concurrently: " + applied);
            }
            LOG.info("{} {}: {}", what, topic.name(), command);
            return TopicResult.ok(metadata.state().topic(topic.topicId()).orElse(topic));
        } catch (WalException e) {
            LOG.error("Could not write {}", command, e);
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

    /** The metadata log, for other writers (producer ids). */
    public MetadataLog metadataLog() {
        return metadata;
    }

    /** The leader epoch of every partition on this node (single node). */
    public int leaderEpoch() {
        return SingleNodeAssignments.LEADER_EPOCH;
    }
}
