package io.chronik.core.cluster;

import io.chronik.core.metadata.MetadataStateMachine.Applied;
import io.chronik.core.metadata.MetadataStateMachine;
import io.chronik.core.raft.NoSnapshots;
import io.chronik.core.raft.QuorumStateStore;
import io.chronik.core.raft.RaftConfig;
import io.chronik.core.raft.SnapshotStore;
import io.chronik.spi.Time;
import io.chronik.spi.forwarding.LeaderForwarder;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's part of the replicated metadata: the {@link MetadataQuorum} over the WAL log
 * {@value MetadataQuorum#LOG_NAME} and the state it applies, the {@link MetadataController} (active
 * while this node leads), the {@link ControllerClient} every metadata write goes through, and the
 * {@link BrokerHeartbeater}. Created before the Kafka front end, started by it once it listens to
 * applied commands, closed after it.
 */
public final class ClusterMetadata implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMetadata.class);

    /**
     * @param nodeId           this node's id
     * @param voters           the metadata quorum's voters (this node among them)
     * @param sessionTimeout   how long a broker may miss heartbeats before the controller fences it
     * @param operationTimeout how long a metadata operation may wait for a leader and its commit
     * @param internalTopic    the internal topic the controller of a multi-voter quorum creates
     */
    public record Settings(int nodeId, SortedSet<Integer> voters, Duration sessionTimeout, Duration operationTimeout,
                           Optional<MetadataController.InternalTopic> internalTopic) {
        public Settings {
            voters = new TreeSet<>(voters);
        }

        /** A quorum of one, as an embedded broker runs it. */
        public static Settings soleVoter(int nodeId) {
            return new Settings(nodeId, new TreeSet<>(java.util.Set.of(nodeId)), Duration.ofMillis(9000),
                    Duration.ofSeconds(10), Optional.empty());
        }

        /** The engine settings: a quorum of one elects itself within milliseconds. */
        RaftConfig raftConfig() {
            return voters.size() == 1
                    ? new RaftConfig(nodeId, voters, 2, 1, 400, 1 << 20, 1500)
                    : RaftConfig.defaults(nodeId, voters);
        }
    }

    private final Settings settings;
    private final PeerRouter router;
    private final MetadataQuorum quorum;
    private final MetadataController controller;
    private final ControllerClient client;
    private final BrokerHeartbeater heartbeater;
    private final PartitionController partitionController;

    /** How the metadata log is snapshotted: where snapshots are kept and how many entries apart. */
    public record Snapshots(SnapshotStore store, long intervalEntries) {
        /** No snapshots: the log is kept whole and replayed from the start (an embedded broker). */
        public static Snapshots none() {
            return new Snapshots(new NoSnapshots(), Long.MAX_VALUE);
        }
    }

    /** Opens the metadata log without snapshots (see {@link Snapshots#none()}). */
    public ClusterMetadata(Settings settings, Wal wal, Function<WalLog, QuorumStateStore> stateStore, PeerRouter router,
                           Optional<LeaderForwarder> forwarder, TopicRules rules, Time time, MeterRegistry meters) {
        this(settings, wal, stateStore, Snapshots.none(), router, forwarder, rules, time, meters);
    }

    /**
     * Opens the metadata log and restores its newest snapshot; nothing runs until {@link #start}.
     *
     * @param stateStore where the quorum keeps its term and vote, given the metadata WAL log
     * @param forwarder  carries operations to the leader; empty for a quorum of one
     */
    public ClusterMetadata(Settings settings, Wal wal, Function<WalLog, QuorumStateStore> stateStore,
                           Snapshots snapshots, PeerRouter router, Optional<LeaderForwarder> forwarder, TopicRules rules,
                           Time time, MeterRegistry meters) {
        this.settings = settings;
        WalLog log = wal.open(MetadataQuorum.LOG_NAME);
        this.router = router;
        this.quorum = new MetadataQuorum(settings.raftConfig(), stateStore.apply(log), log, snapshots.store(),
                snapshots.intervalEntries(), router, new MetadataStateMachine(), time, meters);
        this.controller = new MetadataController(quorum, rules, time, settings.sessionTimeout(),
                settings.operationTimeout(), settings.voters().size(), settings.internalTopic());
        this.client = new ControllerClient(quorum, controller, forwarder, time, settings.operationTimeout());
        this.heartbeater = new BrokerHeartbeater(settings.nodeId(), client);
        this.partitionController = new ForwardingPartitionController(client);
    }

    /** Starts the quorum and the controller; every applied command also goes to {@code listener}. */
    public void start(Consumer<Applied> listener) {
        quorum.start(listener);
        controller.start();
    }

    /** Registers this broker with the controller now, waiting for the answer (a quorum of one answers at once). */
    public OperationResult register(String host, int port) {
        return client.call(new MetadataOperation.RegisterBroker(settings.nodeId(), host, port));
    }

    /** Registers (again, if needed) as {@code host:port} and heartbeats from now on. */
    public void startHeartbeats(String host, int port) {
        heartbeater.start(host, port);
    }

    /**
     * Leaves the cluster before a clean stop (Kafka's controlled shutdown): stops heartbeating and asks
     * the controller to fence this broker, so its partitions get new leaders at once rather than after
     * the session timeout. Waits at most {@code timeout}; a controller that cannot be reached then
     * fences the broker when its heartbeats stay away. A quorum of one has no one to hand over to.
     */
    public void leave(Duration timeout) {
        if (soleVoter()) {
            return;
        }
        heartbeater.close();
        try {
            OperationResult result = client.submit(new MetadataOperation.BrokerShutdown(settings.nodeId()))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (result.succeeded()) {
                LOG.info("node {}: left the cluster; its partitions have new leaders", settings.nodeId());
            } else {
                LOG.warn("node {}: the controller refused the controlled shutdown: {}", settings.nodeId(), result);
            }
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("node {}: no controlled shutdown within {} ({}); the controller fences this broker when its"
                    + " heartbeats stay away", settings.nodeId(), timeout, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether this node is the only voter (then it always leads). */
    public boolean soleVoter() {
        return settings.voters().size() == 1;
    }

    public int nodeId() {
        return settings.nodeId();
    }

    /** The router of the node's replication transport, which partition replicas share with the quorum. */
    public PeerRouter router() {
        return router;
    }

    public MetadataQuorum quorum() {
        return quorum;
    }

    public MetadataStateMachine state() {
        return quorum.state();
    }

    public MetadataController controller() {
        return controller;
    }

    public ControllerClient client() {
        return client;
    }

    public PartitionController partitionController() {
        return partitionController;
    }

    /** Stops heartbeats, the client, the controller and the quorum, in that order. */
    @Override
    public void close() {
        heartbeater.close();
        client.close();
        controller.close();
        quorum.close();
    }
}
