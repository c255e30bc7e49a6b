package io.chronik.core.cluster;

import io.chronik.core.metadata.BrokerRegistration;
import io.chronik.core.metadata.MetadataCommand;
import io.chronik.core.metadata.MetadataStateMachine;
import io.chronik.core.metadata.MetadataStateMachine.Applied;
import io.chronik.core.metadata.PartitionReassignment;
import io.chronik.core.metadata.TopicInfo;
import io.chronik.core.raft.NotLeaderException;
import io.chronik.spi.Time;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller: on the metadata leader, executes {@link MetadataOperation}s one at a time against
 * the latest state (validate, write the command, wait until it is committed and applied, answer), and
 * keeps brokers honest: heartbeats live in {@link BrokerLiveness}, and a registered broker silent for
 * the session timeout is fenced (its partitions move to other ISR members by the state machine's rules).
 *
 * <p>Operations are validated one after another on the controller thread against the applied
 * state; their commands are proposed at once and commit together (pipelined). What an in-flight
 * command will change is not in that state yet, so the state machine checks again when it applies
 * (a second topic of one name, an overlapping producer-id block, a partition count that moved on are
 * ignored and answered as errors) and the controller keeps what it must not hand out twice (topic
 * names being created, producer ids proposed). A write is answered only after it is applied. On a node that does not lead (or leads but
 * has not yet committed its own leader-change entry, so its state may lack entries of earlier terms)
 * every operation gets {@code NOT_CONTROLLER}, which the submitting node retries elsewhere.
 *
 * <p>In a quorum of several voters the controller also creates the internal offsets topic once
 * enough brokers registered for its replication factor (min(3, voters)).
 *
 * <h2>Threading</h2>
 * One thread of its own ({@code chronik-controller-<node>}) runs operations and the liveness check
 * (every {@value #TICK_MS} ms); {@link #execute} may be called from any thread and never blocks.
 */
public final class MetadataController implements AutoCloseable {

    static final long TICK_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(MetadataController.class);

    /** An internal topic the controller creates when missing, e.g. {@code __consumer_offsets}. */
    public record InternalTopic(String name, int partitions) {
    }

    private final MetadataQuorum quorum;
    private final MetadataStateMachine state;
    private final TopicRules rules;
    private final Time time;
    private final Duration writeTimeout;
    private final BrokerLiveness liveness;
    private final Optional<InternalTopic> internalTopic;
    private final int voters;
    private final ScheduledExecutorService thread;
    private final Set<CompletableFuture<OperationResult>> waiting = ConcurrentHashMap.newKeySet();
    /** Collision keys of topics whose creation is in flight (their names are not in the state yet). */
    private final Set<String> creating = ConcurrentHashMap.newKeySet();
    /** Brokers whose fencing is in flight. */
    private final Set<Integer> fencing = ConcurrentHashMap.newKeySet();
    private int livenessTerm = -1;
    /** The end of the producer-id blocks this controller proposed (controller thread only). */
    private long producerIdsProposedUpTo;

    public MetadataController(MetadataQuorum quorum, TopicRules rules, Time time, Duration sessionTimeout,
                              Duration writeTimeout, int voters, Optional<InternalTopic> internalTopic) {
        this.quorum = quorum;
        this.state = quorum.state();
        this.rules = rules;
        this.time = time;
        this.writeTimeout = writeTimeout;
        this.liveness = new BrokerLiveness(sessionTimeout.toMillis());
        this.voters = voters;
        this.internalTopic = internalTopic;
        this.thread = ClusterThreads.single("controller", quorum.nodeId());
    }

    /** Starts the liveness check. */
    public void start() {
        thread.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** Executes {@code operation} on the controller thread; the future completes with its result, never exceptionally. */
    public CompletableFuture<OperationResult> execute(MetadataOperation operation) {
        CompletableFuture<OperationResult> result = new CompletableFuture<>();
        waiting.add(result);
        result.whenComplete((r, e) -> waiting.remove(result));
        try {
            thread.execute(() -> run(operation).whenComplete((answer, error) -> result.complete(error == null ? answer
                    : OperationResult.failed(Errors.UNKNOWN_SERVER_ERROR, "controller failed: " + error))));
        } catch (RejectedExecutionException e) {
            result.complete(closing());
        }
        return result;
    }

    private OperationResult closing() {
        return OperationResult.failed(Errors.NOT_CONTROLLER, "node " + quorum.nodeId() + " is shutting down");
    }

    private CompletableFuture<OperationResult> run(MetadataOperation operation) {
        if (!quorum.leaderReady()) {
            return now(notController());
        }
        try {
            return dispatch(operation);
        } catch (RuntimeException e) {
            LOG.error("node {}: controller failed on {}", quorum.nodeId(), operation, e);
            return now(OperationResult.failed(Errors.UNKNOWN_SERVER_ERROR, "controller failed: " + e.getMessage()));
        }
    }

    private CompletableFuture<OperationResult> dispatch(MetadataOperation operation) {
        if (operation instanceof MetadataOperation.CreateTopic op) {
            return createTopic(op);
        } else if (operation instanceof MetadataOperation.DeleteTopic op) {
            if (state.topic(op.topicId()).isEmpty()) {
                return now(OperationResult.failed(Errors.UNKNOWN_TOPIC_ID, "no topic with id " + op.topicId()));
            }
            return write(new MetadataCommand.DeleteTopic(op.topicId()), Applied.TopicDeleted.class,
                    Errors.UNKNOWN_TOPIC_ID);
        } else if (operation instanceof MetadataOperation.CreatePartitions op) {
            return createPartitions(op);
        } else if (operation instanceof MetadataOperation.AlterConfigs op) {
            if (state.topic(op.topicId()).isEmpty()) {
                return now(OperationResult.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION, "no topic with id " + op.topicId()));
            }
            Optional<OperationResult> problem = rules.checkConfigs(op.configs());
            if (problem.isPresent() || op.validateOnly()) {
                return now(problem.orElse(OperationResult.done()));
            }
            return write(new MetadataCommand.AlterTopicConfigs(op.topicId(), op.configs()),
                    Applied.TopicConfigsAltered.class, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        } else if (operation instanceof MetadataOperation.AllocateProducerIds op) {
            // blocks still in flight are not in the state yet: continue after them
            long first = Math.max(state.nextProducerId(), producerIdsProposedUpTo);
            producerIdsProposedUpTo = first + op.count();
            return write(new MetadataCommand.AllocateProducerIds(first, op.count()),
                    Applied.ProducerIdsAllocated.class, Errors.UNKNOWN_SERVER_ERROR).thenApply(written ->
                    written.succeeded() ? new OperationResult(Errors.NONE, Optional.empty(), written.appliedOffset(),
                            first) : written);
        } else if (operation instanceof MetadataOperation.AdvanceLogStart op) {
            Optional<TopicInfo> topic = state.topic(op.topicId());
            if (topic.isEmpty() || op.partition() < 0 || op.partition() >= topic.get().partitions()) {
                return now(OperationResult.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION, "no partition " + op.partition()
                        + " of topic id " + op.topicId()));
            }
            return write(new MetadataCommand.AdvanceLogStart(op.topicId(), op.partition(), op.logStartOffset()),
                    Applied.LogStartAdvanced.class, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        } else if (operation instanceof MetadataOperation.RegisterBroker op) {
            liveness.heard(op.nodeId(), time.milliseconds());
            Optional<BrokerRegistration> known = state.broker(op.nodeId());
            if (known.isPresent() && !known.get().fenced() && known.get().host().equals(op.host())
                    && known.get().port() == op.port()) {
                return now(OperationResult.done());
            }
            LOG.info("node {}: registering broker {} at {}:{}", quorum.nodeId(), op.nodeId(), op.host(), op.port());
            return write(new MetadataCommand.RegisterBroker(op.nodeId(), op.host(), op.port()),
                    Applied.BrokerRegistered.class, Errors.UNKNOWN_SERVER_ERROR);
        } else if (operation instanceof MetadataOperation.BrokerHeartbeat op) {
            Optional<BrokerRegistration> known = state.broker(op.nodeId());
            if (known.isEmpty()) {
                return now(OperationResult.failed(Errors.BROKER_ID_NOT_REGISTERED, "broker " + op.nodeId()
                        + " is not registered"));
            }
            liveness.heard(op.nodeId(), time.milliseconds());
            if (!known.get().fenced()) {
                return now(OperationResult.done());
            }
            LOG.info("node {}: unfencing broker {}, which heartbeats again", quorum.nodeId(), op.nodeId());
            return write(new MetadataCommand.UnfenceBroker(op.nodeId()), Applied.BrokerFencing.class, Errors.NONE);
        } else if (operation instanceof MetadataOperation.BrokerShutdown op) {
            Optional<BrokerRegistration> known = state.broker(op.nodeId());
            if (known.isEmpty() || known.get().fenced()) {
                return now(OperationResult.done());
            }
            LOG.info("node {}: fencing broker {}, which is shutting down", quorum.nodeId(), op.nodeId());
            return write(new MetadataCommand.FenceBroker(op.nodeId()), Applied.BrokerFencing.class, Errors.NONE);
        } else if (operation instanceof MetadataOperation.AlterIsr op) {
            return alterIsr(op);
        } else if (operation instanceof MetadataOperation.ReassignPartition op) {
            return reassign(op);
        }
        throw new IllegalArgumentException("unknown operation " + operation);
    }

    private CompletableFuture<OperationResult> createTopic(MetadataOperation.CreateTopic op) {
        boolean manual = !op.assignment().isEmpty();
        int partitions = manual ? op.assignment().size() : op.partitions();
        Optional<OperationResult> problem = rules.checkNewTopic(op.name(), partitions, op.configs(), state);
        if (problem.isPresent()) {
            return now(problem.get());
        }
        List<Integer> live = state.liveBrokers().stream().map(BrokerRegistration::nodeId).toList();
        List<List<Integer>> assignment;
        if (manual) {
            Set<Integer> registered = registeredBrokers();
            for (List<Integer> replicas : op.assignment()) {
                Optional<OperationResult> invalid = ReplicaSetRules.check(replicas, registered);
                if (invalid.isPresent()) {
                    return now(invalid.get());
                }
            }
            assignment = op.assignment();
        } else {
            if (op.replicationFactor() < 1) {
                return now(OperationResult.failed(Errors.INVALID_REPLICATION_FACTOR,
                        "Replication factor must be larger than 0, or -1 to use the default value."));
            }
            if (op.replicationFactor() > live.size()) {
                return now(OperationResult.failed(Errors.INVALID_REPLICATION_FACTOR, "Unable to replicate the partition "
                        + op.replicationFactor() + " time(s): The target replication factor of "
                        + op.replicationFactor() + " cannot be reached because only " + live.size()
                        + " broker(s) are registered."));
            }
            assignment = ReplicaPlacement.place(partitions, op.replicationFactor(), live,
                    ThreadLocalRandom.current().nextInt(live.size()));
        }
        if (op.validateOnly()) {
            return now(OperationResult.done());
        }
        String key = rules.collisionKey(op.name());
        if (!creating.add(key)) {
            return now(OperationResult.failed(Errors.TOPIC_ALREADY_EXISTS, "Topic '" + op.name()
                    + "' (or one whose name differs only by '.' and '_') is being created."));
        }
        Uuid topicId = Uuid.randomUuid();
        return write(new MetadataCommand.CreateTopic(op.name(), topicId, assignment, op.configs()),
                Applied.TopicCreated.class, Errors.TOPIC_ALREADY_EXISTS).whenComplete((written, error) -> {
                    creating.remove(key);
                    if (written != null && written.succeeded()) {
                        LOG.info("Created topic {} ({} partitions, replicas {}, id {})", op.name(), partitions,
                                assignment, topicId);
                    }
                });
    }

    private CompletableFuture<OperationResult> createPartitions(MetadataOperation.CreatePartitions op) {
        Optional<TopicInfo> topic = state.topic(op.name());
        if (topic.isEmpty()) {
            return now(OperationResult.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION, "The topic '" + op.name()
                    + "' does not exist."));
        }
        int current = topic.get().partitions();
        Optional<OperationResult> problem = rules.checkPartitionCount(op.name(), current, op.partitions());
        if (problem.isPresent()) {
            return now(problem.get());
        }
        int replicationFactor = state.assignment(topic.get().topicId(), 0).map(a -> a.replicas().size()).orElse(1);
        List<Integer> live = state.liveBrokers().stream().map(BrokerRegistration::nodeId).toList();
        if (replicationFactor > live.size()) {
            return now(OperationResult.failed(Errors.INVALID_REPLICATION_FACTOR, "Unable to replicate the new partitions "
                    + replicationFactor + " time(s): only " + live.size() + " broker(s) are live."));
        }
        if (op.validateOnly()) {
            return now(OperationResult.done());
        }
        List<List<Integer>> added = ReplicaPlacement.place(op.partitions() - current, replicationFactor, live, current);
        return write(new MetadataCommand.CreatePartitions(topic.get().topicId(), op.partitions(), added),
                Applied.PartitionsCreated.class, Errors.INVALID_PARTITIONS);
    }

    private CompletableFuture<OperationResult> alterIsr(MetadataOperation.AlterIsr op) {
        Optional<PartitionAssignment> current = state.assignment(op.topicId(), op.partition());
        if (current.isEmpty()) {
            return now(OperationResult.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION, "no partition " + op.partition()
                    + " of topic id " + op.topicId()));
        }
        PartitionAssignment a = current.get();
        if (a.leaderEpoch() != op.leaderEpoch() || a.leader().isEmpty() || a.leader().getAsInt() != op.leaderId()) {
            return now(OperationResult.failed(Errors.FENCED_LEADER_EPOCH, a.topic() + "-" + a.partition() + " is led by "
                    + a.leader() + " in epoch " + a.leaderEpoch() + ", not by " + op.leaderId() + " in "
                    + op.leaderEpoch()));
        }
        if (!op.isr().contains(op.leaderId()) || !a.replicas().containsAll(op.isr())) {
            return now(OperationResult.failed(Errors.INVALID_REQUEST, "ISR " + op.isr() + " must hold the leader and be"
                    + " among replicas " + a.replicas()));
        }
        for (int member : op.isr()) {
            boolean live = state.broker(member).map(b -> !b.fenced()).orElse(false);
            if (!a.isr().contains(member) && !live) {
                return now(OperationResult.failed(Errors.INELIGIBLE_REPLICA, "broker " + member
                        + " is fenced and cannot join the ISR"));
            }
        }
        if (op.isr().equals(a.isr())) {
            return now(OperationResult.done());
        }
        return write(new MetadataCommand.ChangePartition(op.topicId(), op.partition(), a.leader(), a.leaderEpoch(),
                op.isr()), Applied.PartitionChanged.class, Errors.FENCED_LEADER_EPOCH);
    }

    private Set<Integer> registeredBrokers() {
        return new TreeSet<>(state.brokers().stream().map(BrokerRegistration::nodeId).toList());
    }

    /**
     * Starts, replaces or (with no target) cancels a partition's reassignment, as Kafka's
     * AlterPartitionReassignments: the partition must exist, the target be a valid replica set of
     * registered brokers (of the original replica count unless the replication factor may change),
     * and a cancel needs a reassignment in progress. A target equal to the replicas of a partition
     * that is not being reassigned changes nothing and succeeds.
     */
    private CompletableFuture<OperationResult> reassign(MetadataOperation.ReassignPartition op) {
        Optional<TopicInfo> topic = state.topic(op.topic());
        Optional<PartitionAssignment> current = topic.flatMap(t -> state.assignment(t.topicId(), op.partition()));
        if (current.isEmpty()) {
            return now(OperationResult.failed(Errors.UNKNOWN_TOPIC_OR_PARTITION, "The partition " + op.topic() + "-"
                    + op.partition() + " does not exist."));
        }
        Uuid topicId = topic.get().topicId();
        Optional<PartitionReassignment> ongoing = state.reassignment(topicId, op.partition());
        if (op.target().isEmpty()) {
            if (ongoing.isEmpty()) {
                return now(OperationResult.failed(Errors.NO_REASSIGNMENT_IN_PROGRESS, "No reassignment of partition "
                        + op.topic() + "-" + op.partition() + " is in progress."));
            }
            return write(new MetadataCommand.CancelReassignment(topicId, op.partition()), Applied.PartitionChanged.class,
                    Errors.NO_REASSIGNMENT_IN_PROGRESS);
        }
        List<Integer> target = op.target().get();
        Optional<OperationResult> invalid = ReplicaSetRules.check(target, registeredBrokers());
        if (invalid.isPresent()) {
            return now(invalid.get());
        }
        List<Integer> original = ongoing.map(PartitionReassignment::original).orElse(current.get().replicas());
        if (!op.allowReplicationFactorChange() && target.size() != original.size()) {
            return now(OperationResult.failed(Errors.INVALID_REPLICATION_FACTOR, "The reassignment of "
                    + op.topic() + "-" + op.partition() + " would change its replication factor from "
                    + original.size() + " to " + target.size() + ", which the request does not allow."));
        }
        if (ongoing.isEmpty() && target.equals(current.get().replicas())) {
            return now(OperationResult.done());
        }
        LOG.info("node {}: reassigning {}-{} from {} to {}", quorum.nodeId(), op.topic(), op.partition(), original,
                target);
        return write(new MetadataCommand.ReassignPartition(topicId, op.partition(), target),
                Applied.PartitionChanged.class, Errors.INVALID_REPLICA_ASSIGNMENT);
    }

    /**
     * Proposes {@code command}; the result completes (on the quorum's thread) once it is applied. The
     * controller thread goes on with the next operation meanwhile, so writes are pipelined and commit
     * together; a command that no longer fits when applied (an earlier one in flight changed the
     * state) is ignored by the state machine and answered with {@code ignoredError}.
     */
    private CompletableFuture<OperationResult> write(MetadataCommand command, Class<? extends Applied> expected,
                                                     Errors ignoredError) {
        return quorum.propose(command).orTimeout(writeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((committed, error) -> {
                    if (error == null) {
                        return expected.isInstance(committed.applied())
                                ? OperationResult.written(committed.offset())
                                : new OperationResult(ignoredError, Optional.of("not applied: " + committed.applied()),
                                        committed.offset(), 0);
                    }
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof NotLeaderException) {
                        return notController();
                    }
                    if (cause instanceof TimeoutException) {
                        return OperationResult.failed(Errors.REQUEST_TIMED_OUT, "metadata write not committed within "
                                + writeTimeout.toMillis() + " ms");
                    }
                    return OperationResult.failed(Errors.UNKNOWN_SERVER_ERROR, "metadata write failed: " + cause);
                });
    }

    private static CompletableFuture<OperationResult> now(OperationResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private OperationResult notController() {
        OptionalInt leader = quorum.status().leader();
        return OperationResult.failed(Errors.NOT_CONTROLLER, "node " + quorum.nodeId()
                + " is not the ready metadata leader" + (leader.isPresent() ? "; node " + leader.getAsInt()
                + " leads" : ""));
    }

    /** Fences silent brokers and creates the internal topic; on the controller thread. */
    private void tick() {
        try {
            QuorumStatus status = quorum.status();
            if (!status.leaderReady()) {
                livenessTerm = -1;
                return;
            }
            long now = time.milliseconds();
            List<Integer> live = state.liveBrokers().stream().map(BrokerRegistration::nodeId).toList();
            if (livenessTerm != status.term()) {
                livenessTerm = status.term();
                liveness.restart(live, now);
                return;
            }
            for (int silent : liveness.expired(live, now)) {
                if (fencing.add(silent)) {
                    LOG.warn("node {}: fencing broker {}: no heartbeat within the session timeout", quorum.nodeId(),
                            silent);
                    write(new MetadataCommand.FenceBroker(silent), Applied.BrokerFencing.class, Errors.NONE)
                            .whenComplete((r, e) -> fencing.remove(silent));
                }
            }
            internalTopic.filter(t -> voters > 1 && state.topic(t.name()).isEmpty()
                    && live.size() >= Math.min(3, voters)).ifPresent(t -> createTopic(
                    new MetadataOperation.CreateTopic(t.name(), t.partitions(), Math.min(3, live.size()), List.of(),
                            new TreeMap<>(), false)));
        } catch (RuntimeException e) {
            LOG.error("node {}: controller tick failed", quorum.nodeId(), e);
        }
    }

    /** Stops the controller thread; operations not yet run are answered {@code NOT_CONTROLLER}. */
    @Override
    public void close() {
        thread.shutdownNow();
        waiting.forEach(f -> f.complete(closing()));
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
