package io.chronik.core.replica;

import io.chronik.core.cluster.PartitionAssignment;
import io.chronik.core.cluster.PartitionController;
import io.chronik.core.cluster.PeerChannel;
import io.chronik.core.cluster.PeerRouter;
import io.chronik.core.log.LogException;
import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.PartitionLogs;
import io.chronik.core.log.ReplicaHooks;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.raft.IsrConfig;
import io.chronik.core.raft.Message;
import io.chronik.core.raft.MessageCodec;
import io.chronik.core.raft.Outbound;
import io.chronik.core.raft.RaftFormatException;
import io.chronik.spi.Time;
import io.chronik.spi.wal.Wal;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts this node's replicas of partitions, as the controller assigns them: {@link #apply} opens the
 * partition's {@link PartitionLog} (its replica over its WAL log) the first time, registers the
 * partition's channel on the {@link PeerRouter}, and makes the replica lead or follow when the
 * assignment names a newer leader epoch; {@link #remove} stops hosting it. The leader's ISR changes go
 * to the {@link PartitionController}.
 *
 * <h2>Reassignment</h2>
 * A replica set that grows keeps its leader epoch: hosted replicas take the larger set at once (the
 * leader tracks the new followers), and a node the set names for the first time opens an empty
 * replica that follows and catches up. Any other change of the set comes with a new leader epoch,
 * which hosted replicas lead or follow in with the new set; a node the set no longer names stops its
 * replica (appends waiting there fail as on a leader change) and deletes the partition's WAL log.
 *
 * <h2>Messages</h2>
 * A replica's messages travel on its partition's channel, encoded by {@link MessageCodec}; the log
 * data of a fetch answer is the transport body (bytes: the WAL hands out records as buffers, so there
 * is no file region to send). An inbound body is copied once, since the replica keeps batches until
 * they are durable. A malformed message is logged and dropped.
 *
 * <h2>High-watermark checkpoint</h2>
 * With a {@link ReplicaSettings#checkpointDir()}, the driver writes every hosted partition's high
 * watermark to the {@link HighWatermarkCheckpointFile} every {@value #CHECKPOINT_INTERVAL_MS} ms and on
 * {@link #close}; a partition opened later seeds its replica's high watermark from the checkpoint read
 * at start, so it serves reads up to it at once. Checkpointed partitions not opened (yet) are kept in
 * later checkpoints until {@link #forgetUnopenedCheckpoints} says every partition that will open has.
 *
 * <h2>Threads</h2>
 * No thread per partition. One driver thread polls, every {@link ReplicaSettings#tickMs()}, the
 * replicas that have other replicas (fetch retries, parked fetches, ISR shrinking), and runs the polls
 * that WAL and controller completions ask for. Appends run on the request threads and replication
 * messages on the transport's threads, each under the partition's lock ({@link PartitionLog}); a
 * replica set of one is polled on its WAL completions directly and never ticked, so the single-node
 * produce path has no extra thread hop. {@link #apply} and {@link #remove} are serialised.
 */
public final class ReplicaManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaManager.class);
    /** How often the high watermarks are checkpointed (Kafka's replica.high.watermark.checkpoint.interval.ms). */
    static final long CHECKPOINT_INTERVAL_MS = 5_000;

    private final int nodeId;
    private final PartitionLogs logs;
    private final PeerRouter router;
    private final PartitionController controller;
    private final ReplicaSettings settings;
    private final Time time;
    private final Consumer<TopicPartition> highWatermarkListener;
    private final ScheduledExecutorService driver;
    private final Map<PeerChannel.Partition, Hosted> hosted = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Set<Integer> lagGauges = ConcurrentHashMap.newKeySet();
    private final Optional<HighWatermarkCheckpointFile> checkpoint;
    /** High watermarks read from the checkpoint, each until its partition opens here. */
    private final Map<PeerChannel.Partition, Long> checkpointed;

    /** A partition this node hosts: its name, replica set and log. */
    private record Hosted(TopicPartition partition, List<Integer> replicas, PartitionLog log) {
    }

    /**
     * @param highWatermarkListener told (under a partition's lock, must not block) when a partition's
     *                              high watermark moved, to wake consumers' long polls
     */
    public ReplicaManager(int nodeId, Wal wal, PeerRouter router, PartitionController controller,
                          ReplicaSettings settings, Time time, Consumer<TopicPartition> highWatermarkListener,
                          MeterRegistry meters) {
        this.meters = meters;
        this.nodeId = nodeId;
        this.logs = new PartitionLogs(wal);
        this.router = router;
        this.controller = controller;
        this.settings = settings;
        this.time = time;
        this.highWatermarkListener = highWatermarkListener;
        this.driver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chronik-replica-driver-" + nodeId);
            thread.setDaemon(true);
            return thread;
        });
        driver.scheduleWithFixedDelay(this::tick, settings.tickMs(), settings.tickMs(), TimeUnit.MILLISECONDS);
        this.checkpoint = settings.checkpointDir().map(HighWatermarkCheckpointFile::new);
        this.checkpointed = new ConcurrentHashMap<>(checkpoint.map(HighWatermarkCheckpointFile::read).orElse(Map.of()));
        if (checkpoint.isPresent()) {
            driver.scheduleWithFixedDelay(this::writeCheckpoint, CHECKPOINT_INTERVAL_MS, CHECKPOINT_INTERVAL_MS,
                    TimeUnit.MILLISECONDS);
        }
        FunctionCounter.builder("chronik.replication.isr.shrinks", this, m -> m.sum(PartitionLog::isrShrinks))
                .description("ISR shrinks made by the partitions this node leads").register(meters);
        FunctionCounter.builder("chronik.replication.isr.expands", this, m -> m.sum(PartitionLog::isrExpands))
                .description("ISR expands made by the partitions this node leads").register(meters);
    }

    private double sum(ToLongFunction<PartitionLog> count) {
        return hosted.values().stream().mapToLong(h -> count.applyAsLong(h.log())).sum();
    }

    /** Registers, once per follower node, the gauge of how far it is behind the partitions led here. */
    private void registerLagGauges(List<Integer> replicas) {
        for (int follower : replicas) {
            if (follower != nodeId && lagGauges.add(follower)) {
                Gauge.builder("chronik.replication.lag", this, m -> m.maxLag(follower))
                        .description("Records the follower lacks, most over the partitions this node leads")
                        .tag("follower", Integer.toString(follower)).register(meters);
            }
        }
    }

    private double maxLag(int follower) {
        return hosted.values().stream().mapToLong(h -> h.log().followerLag(follower).orElse(0)).max().orElse(0);
    }

    /** Every partition log this node hosts (the Kafka request handlers' view). */
    public PartitionLogs logs() {
        return logs;
    }

    /**
     * Applies the controller's decision for one partition: opens this node's replica if the partition
     * is assigned here (recovering it from its WAL log), and leads or follows in a newer leader epoch,
     * with the replica set of that epoch. An assignment that no longer lists a hosted replica stops it
     * and deletes its log (the partition was reassigned away from this node).
     *
     * @param logStartOffset the log start DeleteRecords last set for the partition (0 if never)
     * @return the partition's log, if this node hosts it
     */
    public synchronized Optional<PartitionLog> apply(PartitionAssignment assignment, long logStartOffset) {
        PeerChannel.Partition channel = assignment.channel();
        if (!assignment.replicas().contains(nodeId)) {
            removeReassigned(assignment);
            return Optional.empty();
        }
        Hosted host = hosted.get(channel);
        if (host == null) {
            host = open(assignment, logStartOffset);
        }
        PartitionLog log = host.log();
        if (!host.replicas().equals(assignment.replicas())) {
            if (assignment.leaderEpoch() > log.leaderEpoch() || assignment.replicas().containsAll(host.replicas())) {
                host = changeReplicas(host, assignment);
            } else {
                LOG.warn("{}: replicas {} -> {} drop a replica without a new leader epoch ({}); keeping {}",
                        host.partition(), host.replicas(), assignment.replicas(), assignment.leaderEpoch(),
                        host.replicas());
            }
        }
        if (assignment.leaderEpoch() <= log.leaderEpoch()) {
            // only the ISR changed: the leader applied its own change when it was accepted; one the
            // controller made (a fenced broker dropped) it takes over now
            log.adoptControllerIsr(assignment.leaderEpoch(), assignment.isr());
            return Optional.of(log);
        }
        if (assignment.leader().isEmpty()) {
            log.becomeOffline(assignment.leaderEpoch());
            LOG.warn("{}: offline in leader epoch {}: no in-sync replica can lead", host.partition(),
                    assignment.leaderEpoch());
        } else {
            int leader = assignment.leader().getAsInt();
            if (leader == nodeId) {
                log.becomeLeader(assignment.leaderEpoch(), assignment.isr());
            } else {
                log.becomeFollower(assignment.leaderEpoch(), leader);
            }
            LOG.debug("{}: {} in leader epoch {} (ISR {})", host.partition(), leader == nodeId ? "leader" : "follower of "
                    + leader, assignment.leaderEpoch(), assignment.isr());
        }
        return Optional.of(log);
    }

    private Hosted open(PartitionAssignment assignment, long logStartOffset) {
        PeerChannel.Partition channel = assignment.channel();
        TopicPartition tp = new TopicPartition(assignment.topic(), assignment.partition());
        IsrConfig config = settings.isrConfig(nodeId, assignment.replicas());
        ReplicaHooks hooks = new ReplicaHooks(time::milliseconds, out -> send(channel, out), this::pollSoon,
                highWatermarkListener);
        PartitionLog log = logs.open(tp, wal -> PartitionLog.open(tp, wal, logStartOffset, config,
                (leaderId, epoch, isr) -> controller.alterIsr(assignment.topicId(), assignment.partition(), leaderId,
                        epoch, isr), hooks));
        Long checkpointedHighWatermark = checkpointed.remove(channel);
        if (checkpointedHighWatermark != null) {
            log.seedHighWatermark(checkpointedHighWatermark);
        }
        Hosted host = new Hosted(tp, assignment.replicas(), log);
        hosted.put(channel, host);
        if (assignment.replicas().size() > 1) {
            listen(channel, host);
        }
        return host;
    }

    private void listen(PeerChannel.Partition channel, Hosted host) {
        router.register(channel, (from, header, body) -> receive(host, from, header, body));
        registerLagGauges(host.replicas());
    }

    /** Gives a hosted replica the replica set of a reassignment (see the class comment). */
    private Hosted changeReplicas(Hosted before, PartitionAssignment assignment) {
        LOG.info("{}: replicas {} -> {} in leader epoch {}", before.partition(), before.replicas(),
                assignment.replicas(), assignment.leaderEpoch());
        before.log().changeReplicas(new TreeSet<>(assignment.replicas()));
        Hosted after = new Hosted(before.partition(), assignment.replicas(), before.log());
        hosted.put(assignment.channel(), after);
        if (before.replicas().size() == 1 && after.replicas().size() > 1) {
            listen(assignment.channel(), after);
        } else if (after.replicas().size() > 1) {
            registerLagGauges(after.replicas());
        } else if (before.replicas().size() > 1) {
            router.unregister(assignment.channel());
        }
        return after;
    }

    /**
     * The partition was reassigned away from this node: its replica stops in the assignment's epoch
     * (failing appends that wait for acknowledgement, which the clients retry on the new leader) and
     * its log is deleted.
     */
    private void removeReassigned(PartitionAssignment assignment) {
        Hosted host = hosted.get(assignment.channel());
        if (host == null) {
            return;
        }
        if (assignment.leaderEpoch() > host.log().leaderEpoch()) {
            host.log().becomeOffline(assignment.leaderEpoch());
        }
        remove(assignment.topicId(), assignment.partition());
        logs.delete(host.partition());
        LOG.info("{}: no longer a replica (replicas now {}); deleted its log", host.partition(), assignment.replicas());
    }

    /** Stops hosting the partition: no more messages or polls reach its replica. Its data stays. */
    public synchronized void remove(Uuid topicId, int partition) {
        PeerChannel.Partition channel = new PeerChannel.Partition(topicId, partition);
        Hosted host = hosted.remove(channel);
        checkpointed.remove(channel);
        if (host != null) {
            router.unregister(channel);
        }
    }

    /**
     * Stops hosting every partition of a topic not in {@code topicIds} (deleted while this node was far
     * behind and learned the state from a snapshot, so it never saw the deletion).
     *
     * @return the partitions no longer hosted; their data stays for the caller to delete
     */
    public synchronized Set<TopicPartition> retainTopics(Set<Uuid> topicIds) {
        Set<TopicPartition> removed = new HashSet<>();
        hosted.entrySet().removeIf(e -> {
            if (topicIds.contains(e.getKey().topicId())) {
                return false;
            }
            router.unregister(e.getKey());
            checkpointed.remove(e.getKey());
            removed.add(e.getValue().partition());
            return true;
        });
        return removed;
    }

    /**
     * Every partition this node will host has been opened (the metadata replay is over): checkpointed
     * high watermarks of partitions that did not open (deleted or moved away while the node was down)
     * are left out of later checkpoints.
     */
    public void forgetUnopenedCheckpoints() {
        checkpointed.clear();
    }

    /** Writes every hosted partition's high watermark (and those not opened yet) to the checkpoint. */
    private void writeCheckpoint() {
        Map<PeerChannel.Partition, Long> highWatermarks = new HashMap<>(checkpointed);
        hosted.forEach((channel, host) -> highWatermarks.put(channel, host.log().highWatermark()));
        try {
            checkpoint.orElseThrow().write(highWatermarks);
        } catch (LogException e) {
            LOG.warn("High watermarks not checkpointed; the previous checkpoint stays: {}", e.getMessage());
        } catch (RuntimeException e) {
            // logged rather than thrown: a periodic task that throws is never run again
            LOG.error("High watermarks not checkpointed", e);
        }
    }

    private void receive(Hosted host, int from, ByteBuffer header, ByteBuffer body) {
        Message message;
        try {
            ByteBuffer kept = body.hasRemaining() ? ByteBuffer.allocate(body.remaining()).put(body.duplicate()).flip()
                    : body;
            message = MessageCodec.decode(header, kept);
        } catch (RaftFormatException e) {
            LOG.warn("{}: dropped a malformed replication message from node {}: {}", host.partition(), from,
                    e.getMessage());
            return;
        }
        try {
            host.log().handle(from, message);
        } catch (RuntimeException e) {
            LOG.error("{}: replica failed handling {} from node {}", host.partition(), message, from, e);
        }
    }

    private void send(PeerChannel.Partition channel, Outbound out) {
        // a message the transport cannot queue is lost; the replicas' fetch protocol retries
        router.send(out.toNode(), channel, MessageCodec.encode(out.message()), MessageCodec.body(out.message()));
    }

    private void pollSoon(PartitionLog log) {
        try {
            driver.execute(() -> poll(log));
        } catch (RejectedExecutionException e) {
            LOG.debug("replica driver stopped; {} is not polled", log.partition());
        }
    }

    private void tick() {
        for (Hosted host : hosted.values()) {
            if (host.replicas().size() > 1) {
                poll(host.log());
            }
        }
    }

    private static void poll(PartitionLog log) {
        try {
            log.poll();
        } catch (RuntimeException e) {
            LOG.error("{}: replica poll failed", log.partition(), e);
        }
    }

    /** Stops the driver, checkpoints the high watermarks and unregisters every channel. Does not close the WAL. */
    @Override
    public synchronized void close() {
        driver.shutdownNow();
        try {
            if (!driver.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("replica driver of node {} did not stop within 5 s", nodeId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (checkpoint.isPresent()) {
            writeCheckpoint();
        }
        hosted.keySet().forEach(router::unregister);
        hosted.clear();
    }
}
