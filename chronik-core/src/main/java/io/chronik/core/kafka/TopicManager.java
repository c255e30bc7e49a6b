package io.chronik.core.kafka;

import io.chronik.core.cluster.ClusterMetadata;
import io.chronik.core.cluster.MetadataOperation;
import io.chronik.core.cluster.MetadataQuorum;
import io.chronik.core.cluster.OperationResult;
import io.chronik.core.cluster.PartitionAssignment;
import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.PartitionLogs;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.metadata.MetadataStateMachine.Applied;
import io.chronik.core.metadata.MetadataStateMachine;
import io.chronik.core.metadata.PartitionReassignment;
import io.chronik.core.metadata.TopicInfo;
import io.chronik.core.replica.ReplicaManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, alters (configs, partitions, log start) and deletes topics through the controller, and
 * keeps this node's partition replicas ({@link ReplicaManager}, over its {@link PartitionLogs}) in
 * step with the committed metadata: every partition assignment is applied to the replicas (which open
 * the partitions whose replicas include this node and lead or follow as the controller decided) and
 * told to the {@link GroupLeadership}, on every applied command and once the replay of the metadata
 * log is over (which also removes logs left behind by a deletion that a crash interrupted).
 *
 * <p>Writes are {@link MetadataOperation}s submitted through the {@link io.chronik.core.cluster.ControllerClient}:
 * validated by the controller (the metadata leader, wherever it is) against its latest state, and
 * answered once this node has applied the change, so lookups right after a write see it.
 *
 * <h2>Threading</h2>
 * Writes block the calling request-handler thread until the controller answers (bounded by the
 * operation timeout). Applied commands arrive on the metadata quorum's thread. Lookups are lock-free.
 */
public final class TopicManager {

    private static final Logger LOG = LoggerFactory.getLogger(TopicManager.class);
    /**
     * The most partitions a topic may have: partition WAL logs are named {@code <topic>-<partition>},
     * and a 249-character topic name leaves room for five digits within the WAL's 255 characters
     * (the same arithmetic that gave Kafka its 249-character limit for partition directories).
     */
    static final int MAX_PARTITIONS = 100_000;
    private static final long SOLE_VOTER_REPLAY_TIMEOUT_S = 120;

    private final PartitionLogs partitionLogs;
    private final ReplicaManager replicas;
    private final GroupLeadership groupLeadership;
    private final ClusterMetadata metadata;
    private final MetadataStateMachine state;
    private final int nodeId;
    private volatile boolean replayed;

    /**
     * Starts the metadata quorum with this manager listening. A quorum of one replays its log before
     * this returns; a node of a larger quorum opens its partitions once it has caught up with the
     * leader, without holding up its start.
     *
     * @param replicas        hosts this node's partition replicas
     * @param groupLeadership told of every partition assignment, to coordinate the groups of the
     *                        {@code __consumer_offsets} partitions this node leads
     */
    TopicManager(ClusterMetadata metadata, ReplicaManager replicas, GroupLeadership groupLeadership) {
        this.metadata = metadata;
        this.state = metadata.state();
        this.nodeId = metadata.nodeId();
        this.replicas = replicas;
        this.groupLeadership = groupLeadership;
        this.partitionLogs = replicas.logs();
        // registered before the quorum runs, so it runs on the quorum's thread right where the replay ends
        metadata.quorum().caughtUp().thenRun(this::openAfterReplay);
        metadata.start(this::onApplied);
        if (metadata.soleVoter()) {
            metadata.quorum().caughtUp().orTimeout(SOLE_VOTER_REPLAY_TIMEOUT_S, TimeUnit.SECONDS).join();
        }
    }

    private void openAfterReplay() {
        Set<TopicPartition> expected = openFromState();
        replayed = true;
        replicas.forgetUnopenedCheckpoints();
        Set<String> orphans = partitionLogs.deleteOrphans(expected, Set.of(MetadataQuorum.LOG_NAME));
        if (!orphans.isEmpty()) {
            LOG.info("Deleted partition logs this node no longer hosts: {}", orphans);
        }
        LOG.info("Metadata replayed: {} topics, {} local partitions", state.topics().size(), expected.size());
    }

    /** Hands every partition assignment of the state to the replicas; returns the partitions hosted here. */
    private Set<TopicPartition> openFromState() {
        Set<TopicPartition> expected = state.topics().stream().flatMap(this::localPartitionsOf)
                .collect(Collectors.toSet());
        state.topics().forEach(topic -> IntStream.range(0, topic.partitions()).forEach(p ->
                state.assignment(topic.topicId(), p).ifPresent(this::apply)));
        return expected;
    }

    /**
     * The state was replaced by the leader's snapshot: drops the partitions of topics that no longer
     * exist (deleted meanwhile; a topic re-created under the same name gets a fresh log) and applies
     * every assignment as it is now.
     */
    private void reconcileWithSnapshot() {
        Set<Uuid> live = state.topics().stream().map(TopicInfo::topicId).collect(Collectors.toSet());
        Set<TopicPartition> dropped = replicas.retainTopics(live);
        dropped.forEach(partitionLogs::delete);
        Set<TopicPartition> hosted = openFromState();
        LOG.info("Metadata snapshot installed: {} topics, {} local partitions, dropped {}", state.topics().size(),
                hosted.size(), dropped);
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
            created.partitions().forEach(this::apply);
        } else if (applied instanceof Applied.PartitionsCreated grown) {
            grown.added().forEach(this::apply);
        } else if (applied instanceof Applied.PartitionChanged changed) {
            apply(changed.partition());
        } else if (applied instanceof Applied.BrokerRegistered registered) {
            registered.changed().forEach(this::apply);
        } else if (applied instanceof Applied.BrokerFencing fencing) {
            fencing.changed().forEach(this::apply);
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
            partitionsOf(deleted.topic()).filter(tp -> partitionLogs.get(tp).isPresent()).forEach(tp -> {
                replicas.remove(deleted.topic().topicId(), tp.partition());
                partitionLogs.delete(tp);
            });
        } else if (applied instanceof Applied.SnapshotRestored) {
            reconcileWithSnapshot();
        } else if (applied instanceof Applied.Ignored ignored) {
            LOG.warn("Metadata command had no effect: {}", ignored.reason());
        }
    }

    private boolean hostedHere(PartitionAssignment assignment) {
        return assignment.replicas().contains(nodeId);
    }

    private Stream<TopicPartition> localPartitionsOf(TopicInfo topic) {
        return IntStream.range(0, topic.partitions())
                .filter(p -> state.assignment(topic.topicId(), p).map(this::hostedHere).orElse(false))
                .mapToObj(p -> new TopicPartition(topic.name(), p));
    }

    /** Hands the controller's decision to the replicas (which open, lead, follow or drop the partition) and the group leadership. */
    private void apply(PartitionAssignment assignment) {
        try {
            replicas.apply(assignment, state.logStartOffset(assignment.topicId(), assignment.partition()));
        } catch (RuntimeException e) {
            LOG.error("{}-{}: could not apply the assignment {}", assignment.topic(), assignment.partition(),
                    assignment, e);
        }
        groupLeadership.assigned(assignment);
    }

    private static Stream<TopicPartition> partitionsOf(TopicInfo topic) {
        return IntStream.range(0, topic.partitions()).mapToObj(p -> new TopicPartition(topic.name(), p));
    }

    /** Creates a topic with replication factor 1 and placement by the controller. */
    public TopicResult create(String name, int partitions, Map<String, String> configs, boolean validateOnly) {
        return create(name, partitions, 1, List.of(), configs, validateOnly);
    }

    /**
     * Creates a topic, or with {@code validateOnly} only checks that it could be created.
     *
     * @param partitions        at least 1 (the caller resolves Kafka's "-1 = default"); ignored with an assignment
     * @param replicationFactor replicas per partition; ignored with an assignment
     * @param assignment        a manual replica assignment per partition, or empty
     */
    public TopicResult create(String name, int partitions, int replicationFactor, List<List<Integer>> assignment,
                              Map<String, String> configs, boolean validateOnly) {
        SortedMap<String, String> sorted = new TreeMap<>(configs);
        OperationResult result = metadata.client().call(new MetadataOperation.CreateTopic(name, partitions,
                replicationFactor, assignment, sorted, validateOnly));
        if (!result.succeeded()) {
            return failed(result);
        }
        if (validateOnly) {
            return TopicResult.ok(new TopicInfo(name, Uuid.randomUuid(),
                    assignment.isEmpty() ? partitions : assignment.size(), sorted));
        }
        return current(name);
    }

    /** Deletes a topic and all its partition data. */
    public TopicResult delete(TopicInfo topic) {
        OperationResult result = metadata.client().call(new MetadataOperation.DeleteTopic(topic.topicId()));
        if (!result.succeeded()) {
            return failed(result);
        }
        LOG.info("Deleted topic {} (id {})", topic.name(), topic.topicId());
        return TopicResult.ok(topic);
    }

    /**
     * Replaces a topic's config overrides, or with {@code validateOnly} only checks them.
     *
     * @param configs the complete new overrides (the caller merged the alterations)
     */
    public TopicResult alterConfigs(TopicInfo topic, SortedMap<String, String> configs, boolean validateOnly) {
        OperationResult result = metadata.client().call(new MetadataOperation.AlterConfigs(topic.topicId(), configs,
                validateOnly));
        if (!result.succeeded()) {
            return failed(result);
        }
        return validateOnly
                ? TopicResult.ok(new TopicInfo(topic.name(), topic.topicId(), topic.partitions(), configs))
                : current(topic.name());
    }

    /** Grows a topic to {@code partitions} partitions, or with {@code validateOnly} only checks it could. */
    public TopicResult createPartitions(String name, int partitions, boolean validateOnly) {
        OperationResult result = metadata.client().call(new MetadataOperation.CreatePartitions(name, partitions,
                validateOnly));
        if (!result.succeeded()) {
            return failed(result);
        }
        if (validateOnly) {
            return topic(name).map(t -> TopicResult.ok(new TopicInfo(name, t.topicId(), partitions, t.configs())))
                    .orElseGet(() -> current(name));
        }
        return current(name);
    }

    /**
     * Moves a partition's log start offset to {@code offset} (DeleteRecords): persisted in the
     * metadata log first, then applied to the partition log, which frees what the WAL can.
     *
     * @param offset at most the high watermark (the caller checks)
     */
    public TopicResult deleteRecords(TopicInfo topic, int partition, long offset) {
        OperationResult result = metadata.client().call(new MetadataOperation.AdvanceLogStart(topic.topicId(),
                partition, offset));
        return result.succeeded() ? current(topic.name()) : failed(result);
    }

    /**
     * Starts, replaces or (with an empty target) cancels the replica reassignment of a partition
     * through the controller; completes, never exceptionally, once this node applied it.
     *
     * @param target                       the new replicas, preferred leader first
     * @param allowReplicationFactorChange whether the target may have another replica count
     */
    public CompletableFuture<OperationResult> reassign(String topic, int partition, Optional<List<Integer>> target,
                                                       boolean allowReplicationFactorChange) {
        return metadata.client().submit(new MetadataOperation.ReassignPartition(topic, partition, target,
                allowReplicationFactorChange));
    }

    /** The partition's reassignment in progress, if any. */
    public Optional<PartitionReassignment> reassignment(TopicInfo topic, int partition) {
        return state.reassignment(topic.topicId(), partition);
    }

    /** The controller's decision for a partition: replicas, leader, ISR. */
    public Optional<PartitionAssignment> assignment(TopicInfo topic, int partition) {
        return state.assignment(topic.topicId(), partition);
    }

    private TopicResult current(String name) {
        return topic(name).map(TopicResult::ok).orElseGet(() -> TopicResult.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                "topic " + name + " changed concurrently"));
    }

    private static TopicResult failed(OperationResult result) {
        return TopicResult.failed(result.error(), result.message().orElse(result.error().message()));
    }

    public Optional<TopicInfo> topic(String name) {
        return state.topic(name);
    }

    public Optional<TopicInfo> topic(Uuid topicId) {
        return state.topic(topicId);
    }

    /** Every topic, sorted by name. */
    public List<TopicInfo> topics() {
        return state.topics();
    }

    /** The log of an existing partition. */
    public Optional<PartitionLog> partition(TopicPartition partition) {
        return partitionLogs.get(partition);
    }

    /**
     * The error for a partition this node holds no replica of, as Kafka answers it:
     * {@code NOT_LEADER_OR_FOLLOWER} when the topic has that partition (it lives on other nodes, or was
     * just moved away: the client refreshes its metadata and goes to the leader), else
     * {@code UNKNOWN_TOPIC_OR_PARTITION}.
     */
    public Errors notHostedError(TopicPartition partition) {
        boolean exists = topic(partition.topic())
                .map(t -> partition.partition() >= 0 && partition.partition() < t.partitions())
                .orElse(false);
        return exists ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION;
    }

    /** The node's replicated metadata, for other writers (producer ids) and cluster views. */
    public ClusterMetadata metadata() {
        return metadata;
    }

}
