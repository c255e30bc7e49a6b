package io.chronik.core.kafka;

import io.chronik.core.cluster.ClusterMetadata;
import io.chronik.core.cluster.ControllerUnavailableException;
import io.chronik.core.cluster.MetadataOperation;
import io.chronik.core.cluster.OperationResult;
import io.chronik.core.cluster.PeerRouter;
import io.chronik.core.cluster.SoleVoterStateStore;
import io.chronik.core.group.GroupCoordinator;
import io.chronik.core.group.GroupStorageException;
import io.chronik.core.group.OffsetsTopic;
import io.chronik.core.metadata.TopicInfo;
import io.chronik.core.network.NetworkSettings;
import io.chronik.core.network.RequestDispatcher;
import io.chronik.core.network.SocketServer;
import io.chronik.core.producer.ProducerIdAllocator;
import io.chronik.core.producer.ProducerIdsUnavailableException;
import io.chronik.core.replica.ReplicaManager;
import io.chronik.spi.Time;
import io.chronik.spi.wal.Wal;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka protocol front end of one node: topics in the replicated metadata log ({@link ClusterMetadata};
 * a quorum of one over the broker's own WAL unless the node passes one in), partitions in WAL logs,
 * and a socket server answering ApiVersions, Metadata, DescribeCluster, CreateTopics, DeleteTopics,
 * Produce (idempotent producers included), InitProducerId, Fetch, ListOffsets, OffsetForLeaderEpoch,
 * DescribeConfigs, AlterConfigs, IncrementalAlterConfigs, CreatePartitions, DeleteRecords,
 * AlterPartitionReassignments and ListPartitionReassignments, and the
 * classic group coordinator (FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit,
 * OffsetFetch, ListGroups, DescribeGroups, DeleteGroups, OffsetDelete) over the internal topic
 * {@code __consumer_offsets}.
 *
 * <h2>Lifecycle</h2>
 * The constructor only wires objects. {@link #start()} starts the metadata quorum (a quorum of one
 * replays its log and opens every partition log before going on; a node of a cluster catches up in
 * the background), registers the broker, creates {@code __consumer_offsets} if missing (quorum of one
 * only) and replays it into the group coordinator, then binds the listener and starts heartbeating
 * to the controller; {@link #close()} stops the listener, the request threads, the long-poll timer,
 * the group coordinator's timer and a metadata quorum the broker owns. The WAL, clock and meter
 * registry belong to the caller, who closes the WAL after the broker.
 *
 * <h2>Threads</h2>
 * One acceptor and {@link BrokerSettings#ioThreads()} IO threads ({@link SocketServer}),
 * {@link BrokerSettings#requestHandlerThreads()} request-handler threads, one controller-request thread
 * (requests that wait for a metadata write, see {@link ApiHandler#waitsForController}), one long-poll
 * timer, one retention thread ({@link RetentionScheduler}), one group-coordinator timer.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int MAX_IN_FLIGHT_PER_CONNECTION = 16;

    private final BrokerSettings settings;
    private final Wal wal;
    private final Time time;
    private final MeterRegistry meters;
    private final UnaryOperator<RequestDispatcher> dispatcherFilter;
    private ExecutorService handlerThreads;
    private ExecutorService controllerRequests;
    private DelayedFetches delayedFetches;
    private ReplicaManager replicas;
    private GroupLeadership groupLeadership;
    private RetentionScheduler retention;
    private GroupCoordinator groupCoordinator;
    private SocketServer server;
    private final Optional<ClusterMetadata> providedMetadata;
    private ClusterMetadata ownedMetadata;
    private volatile TopicManager topics;
    private volatile BrokerAddress address;

    /**
     * @param settings who this broker is and where it listens
     * @param wal      the node's WAL: holds {@code __cluster_metadata} and one log per partition
     * @param time     the clock (long-poll deadlines)
     * @param meters   where request counts are registered
     */
    public KafkaBroker(BrokerSettings settings, Wal wal, Time time, MeterRegistry meters) {
        this(settings, wal, time, meters, UnaryOperator.identity());
    }

    /**
     * A broker of a cluster: its metadata comes from {@code metadata} (created, and closed after this
     * broker, by the caller) instead of a quorum of one over {@code wal} that the broker would own.
     */
    public KafkaBroker(BrokerSettings settings, Wal wal, Time time, MeterRegistry meters, ClusterMetadata metadata) {
        this(settings, wal, time, meters, UnaryOperator.identity(), Optional.of(metadata));
    }

    /**
     * A broker whose request dispatcher is wrapped by {@code dispatcherFilter}: the test seam for
     * network faults (lost responses, connections closed after a request took effect).
     */
    KafkaBroker(BrokerSettings settings, Wal wal, Time time, MeterRegistry meters,
                UnaryOperator<RequestDispatcher> dispatcherFilter) {
        this(settings, wal, time, meters, dispatcherFilter, Optional.empty());
    }

    private KafkaBroker(BrokerSettings settings, Wal wal, Time time, MeterRegistry meters,
                        UnaryOperator<RequestDispatcher> dispatcherFilter, Optional<ClusterMetadata> metadata) {
        this.providedMetadata = metadata;
        this.settings = settings;
        this.wal = wal;
        this.time = time;
        this.meters = meters;
        this.dispatcherFilter = dispatcherFilter;
    }

    /**
     * Recovers topics and partitions from the WAL and starts serving Kafka clients.
     *
     * @throws io.chronik.core.network.NetworkException if the listener cannot be bound (everything
     *                                                  started so far is stopped again)
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("broker already started");
        }
        try {
            startServing();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startServing() {
        handlerThreads = Executors.newFixedThreadPool(settings.requestHandlerThreads(), daemon("chronik-kafka-handler-"));
        controllerRequests = Executors.newSingleThreadExecutor(daemon("chronik-kafka-controller-requests-"));
        delayedFetches = new DelayedFetches(handlerThreads,
                Executors.newSingleThreadScheduledExecutor(daemon("chronik-fetch-timer-")), time);
        ClusterMetadata metadata = providedMetadata.orElseGet(() -> {
            ownedMetadata = new ClusterMetadata(ClusterMetadata.Settings.soleVoter(settings.nodeId()), wal,
                    SoleVoterStateStore::new, new PeerRouter(meters), Optional.empty(), new KafkaTopicRules(), time,
                    meters);
            return ownedMetadata;
        });
        replicas = new ReplicaManager(settings.nodeId(), wal, metadata.router(), metadata.partitionController(),
                settings.replicas(), time, delayedFetches::onDurable, meters);
        groupLeadership = new GroupLeadership(settings.nodeId());
        TopicManager topics = new TopicManager(metadata, replicas, groupLeadership);
        this.topics = topics;
        if (metadata.soleVoter()) {
            register(metadata, settings.advertisedPort());
        }
        groupCoordinator = startGroupCoordinator(topics);
        List<ApiHandler> handlers = new ArrayList<>(List.of(
                new MetadataHandler(topics, settings.clusterId(), settings.autoCreateTopics(),
                        settings.defaultPartitions()),
                new CreateTopicsHandler(topics, settings),
                new DeleteTopicsHandler(topics),
                new ProduceHandler(topics, settings, time),
                new InitProducerIdHandler(new ProducerIdAllocator(count -> reserveProducerIds(metadata, count))),
                new DescribeConfigsHandler(topics, settings),
                new IncrementalAlterConfigsHandler(topics),
                new AlterConfigsHandler(topics),
                new CreatePartitionsHandler(topics, settings.nodeId()),
                new AlterPartitionReassignmentsHandler(topics),
                new ListPartitionReassignmentsHandler(topics),
                new DeleteRecordsHandler(topics),
                new DescribeLogDirsHandler(topics),
                new FetchHandler(topics, delayedFetches),
                new ListOffsetsHandler(topics),
                new OffsetForLeaderEpochHandler(topics),
                new DescribeClusterHandler(metadata, settings.clusterId()),
                new FindCoordinatorHandler(metadata.state(), groupCoordinator::partitionFor),
                new JoinGroupHandler(groupCoordinator),
                new SyncGroupHandler(groupCoordinator),
                new HeartbeatHandler(groupCoordinator),
                new LeaveGroupHandler(groupCoordinator),
                new OffsetCommitHandler(groupCoordinator, topics, time),
                new OffsetFetchHandler(groupCoordinator, topics),
                new ListGroupsHandler(groupCoordinator.admin()),
                new DescribeGroupsHandler(groupCoordinator.admin()),
                new DeleteGroupsHandler(groupCoordinator.admin()),
                new OffsetDeleteHandler(groupCoordinator.admin(), topics)));
        retention = new RetentionScheduler(topics, settings, time);
        retention.start();
        handlers.add(new ApiVersionsHandler(handlers.stream().map(ApiHandler::apiKey).toList()));
        SocketServer socketServer = new SocketServer(new NetworkSettings(settings.listenerHost(),
                settings.listenerPort(), settings.ioThreads(), settings.maxRequestBytes(), MAX_IN_FLIGHT_PER_CONNECTION),
                dispatcherFilter.apply(new KafkaRequestDispatcher(handlers, controllerRequests, meters)), handlerThreads);
        server = socketServer;
        socketServer.start();
        int advertisedPort = settings.advertisedPort() == 0 ? server.port() : settings.advertisedPort();
        address = new BrokerAddress(settings.nodeId(), settings.advertisedHost(), advertisedPort);
        if (metadata.soleVoter() && advertisedPort != settings.advertisedPort()) {
            register(metadata, advertisedPort); // before any client can ask for metadata
        }
        metadata.startHeartbeats(settings.advertisedHost(), advertisedPort);
        LOG.info("Kafka broker {} of cluster {} serving {} topics, advertised as {}:{}", settings.nodeId(),
                settings.clusterId(), topics.topics().size(), address.host(), address.port());
    }

    /** Registers this broker in a quorum of one, where the controller is always local and answers at once. */
    private void register(ClusterMetadata metadata, int port) {
        OperationResult registered = metadata.register(settings.advertisedHost(), port);
        if (!registered.succeeded()) {
            throw new ControllerUnavailableException("node " + settings.nodeId() + " could not register as a broker: "
                    + registered.message().orElse(registered.error().message()));
        }
    }

    private static long reserveProducerIds(ClusterMetadata metadata, int count) {
        OperationResult reserved = metadata.client().call(new MetadataOperation.AllocateProducerIds(count));
        if (!reserved.succeeded()) {
            throw new ProducerIdsUnavailableException("cannot reserve producer ids: "
                    + reserved.message().orElse(reserved.error().message()));
        }
        return reserved.value();
    }

    /**
     * Starts the group coordinator over {@code __consumer_offsets}: it serves the groups of the
     * partitions this node leads, loaded now and moved as leadership moves ({@link GroupLeadership}). A quorum of one creates the topic on first start (its partition count is fixed from then
     * on); in a larger quorum the controller creates it once enough brokers registered.
     */
    private GroupCoordinator startGroupCoordinator(TopicManager topics) {
        int partitions = topics.topic(OffsetsTopic.NAME).map(TopicInfo::partitions).orElseGet(() -> {
            if (!topics.metadata().soleVoter()) {
                return settings.groups().offsetsTopicPartitions();
            }
            TopicResult created = topics.create(OffsetsTopic.NAME, settings.groups().offsetsTopicPartitions(),
                    Map.of(), false);
            return created.topic().orElseThrow(() -> new GroupStorageException("cannot create "
                    + OffsetsTopic.NAME + ": " + created.message().orElse(created.error().message()))).partitions();
        });
        GroupCoordinator coordinator = new GroupCoordinator(settings.groups(),
                new OffsetsTopic(partitions, topics::partition, time), time);
        try {
            groupLeadership.attach(coordinator, topics::partition);
        } catch (RuntimeException e) {
            coordinator.close();
            throw e;
        }
        return coordinator;
    }

    /** The bound Kafka port; the broker must have been started. */
    public synchronized int port() {
        if (address == null) {
            throw new IllegalStateException("broker is not started");
        }
        return server.port();
    }

    /** The address clients are told to connect to; the broker must have been started. */
    public BrokerAddress advertisedAddress() {
        BrokerAddress advertised = address;
        if (advertised == null) {
            throw new IllegalStateException("broker is not started");
        }
        return advertised;
    }

    /** The node's replicated metadata; the broker must have been started. */
    public ClusterMetadata metadata() {
        TopicManager started = topics;
        if (started == null) {
            throw new IllegalStateException("broker is not started");
        }
        return started.metadata();
    }

    /** Lets the request pools finish what they started, for at most 5 s together; then interrupts them. */
    private static void stop(ExecutorService... pools) {
        List<ExecutorService> started = Stream.of(pools).filter(Objects::nonNull).toList();
        started.forEach(ExecutorService::shutdown);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            for (ExecutorService pool : started) {
                if (!pool.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    pool.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            started.forEach(ExecutorService::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }

    /** Stops serving; idempotent. Does not close the WAL. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
        }
        if (delayedFetches != null) {
            delayedFetches.close();
        }
        if (retention != null) {
            retention.close();
        }
        if (groupLeadership != null) {
            groupLeadership.close();
        }
        if (groupCoordinator != null) {
            groupCoordinator.close();
        }
        if (replicas != null) {
            replicas.close();
        }
        stop(handlerThreads, controllerRequests);
        if (ownedMetadata != null) {
            ownedMetadata.close();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
