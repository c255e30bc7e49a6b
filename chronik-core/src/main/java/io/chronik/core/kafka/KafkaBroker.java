package io.chronik.core.kafka;

import io.chronik.core.cluster.PeerRouter;
import io.chronik.core.group.GroupCoordinator;
import io.chronik.core.group.GroupStorageException;
import io.chronik.core.group.OffsetsTopic;
import io.chronik.core.metadata.TopicInfo;
import io.chronik.core.network.NetworkSettings;
import io.chronik.core.network.RequestDispatcher;
import io.chronik.core.network.SocketServer;
import io.chronik.core.producer.ProducerIdAllocator;
import io.chronik.core.replica.ReplicaManager;
import io.chronik.core.replica.ReplicaSettings;
import io.chronik.core.replica.SingleNodeAssignments;
import io.chronik.spi.Time;
import io.chronik.spi.wal.Wal;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka protocol front end of one single node: topics in a metadata log, partitions in WAL logs,
 * and a socket server answering ApiVersions, Metadata, DescribeCluster, CreateTopics, DeleteTopics,
 * Produce (idempotent producers included), InitProducerId, Fetch, ListOffsets, OffsetForLeaderEpoch,
 * DescribeConfigs, AlterConfigs, IncrementalAlterConfigs, CreatePartitions and DeleteRecords, and the
 * classic group coordinator (FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit,
 * OffsetFetch, ListGroups, DescribeGroups, DeleteGroups, OffsetDelete) over the internal topic
 * {@code __consumer_offsets}.
 *
 * <h2>Lifecycle</h2>
 * The constructor only wires objects. {@link #start()} replays the metadata log (from {@code wal}),
 * opens every partition log, creates {@code __consumer_offsets} if missing and replays it into
 * the group coordinator, then binds the listener; {@link #close()} stops the listener, the request
 * threads, the long-poll timer and the group coordinator's timer. The WAL, clock and meter registry belong to the caller,
 * who closes the WAL after the broker.
 *
 * <h2>Threads</h2>
 * One acceptor and {@link BrokerSettings#ioThreads()} IO threads ({@link SocketServer}),
 * {@link BrokerSettings#requestHandlerThreads()} request-handler threads, one long-poll timer, one
 * retention thread ({@link RetentionScheduler}), one group-coordinator timer.
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
    private DelayedFetches delayedFetches;
    private ReplicaManager replicas;
    private RetentionScheduler retention;
    private GroupCoordinator groupCoordinator;
    private SocketServer server;
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
     * A broker whose request dispatcher is wrapped by {@code dispatcherFilter}: the test seam for
     * network faults (lost responses, connections closed after a request took effect).
     */
    KafkaBroker(BrokerSettings settings, Wal wal, Time time, MeterRegistry meters,
                UnaryOperator<RequestDispatcher> dispatcherFilter) {
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
        delayedFetches = new DelayedFetches(handlerThreads,
                Executors.newSingleThreadScheduledExecutor(daemon("chronik-fetch-timer-")), time);
        replicas = new ReplicaManager(settings.nodeId(), wal, new PeerRouter(meters), SingleNodeAssignments.CONTROLLER,
                ReplicaSettings.defaults(), time, delayedFetches::onDurable);
        TopicManager topics = new TopicManager(wal, replicas, settings.nodeId());
        this.topics = topics;
        groupCoordinator = startGroupCoordinator(topics);
        List<ApiHandler> handlers = new ArrayList<>(List.of(
                new MetadataHandler(topics, () -> address, settings.clusterId(), settings.autoCreateTopics(),
                        settings.defaultPartitions()),
                new CreateTopicsHandler(topics, settings),
                new DeleteTopicsHandler(topics),
                new ProduceHandler(topics, settings, time),
                new InitProducerIdHandler(new ProducerIdAllocator(topics.metadataLog())),
                new DescribeConfigsHandler(topics, settings),
                new IncrementalAlterConfigsHandler(topics),
                new AlterConfigsHandler(topics),
                new CreatePartitionsHandler(topics, settings.nodeId()),
                new DeleteRecordsHandler(topics),
                new FetchHandler(topics, delayedFetches),
                new ListOffsetsHandler(topics),
                new OffsetForLeaderEpochHandler(topics),
                new DescribeClusterHandler(() -> address, settings.clusterId()),
                new FindCoordinatorHandler(() -> address),
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
                dispatcherFilter.apply(new KafkaRequestDispatcher(handlers, meters)), handlerThreads);
        server = socketServer;
        socketServer.start();
        int advertisedPort = settings.advertisedPort() == 0 ? server.port() : settings.advertisedPort();
        address = new BrokerAddress(settings.nodeId(), settings.advertisedHost(), advertisedPort);
        LOG.info("Kafka broker {} of cluster {} serving {} topics, advertised as {}:{}", settings.nodeId(),
                settings.clusterId(), topics.topics().size(), address.host(), address.port());
    }

    /**
     * Creates {@code __consumer_offsets} on first start (its partition count is fixed from then on)
     * and rebuilds groups and offsets from it.
     */
    private GroupCoordinator startGroupCoordinator(TopicManager topics) {
        TopicInfo offsetsTopic = topics.topic(OffsetsTopic.NAME).orElseGet(() -> {
            TopicResult created = topics.create(OffsetsTopic.NAME, settings.groups().offsetsTopicPartitions(),
                    Map.of(), false);
            return created.topic().orElseThrow(() -> new GroupStorageException("cannot create "
                    + OffsetsTopic.NAME + ": " + created.message().orElse(created.error().message())));
        });
        GroupCoordinator coordinator = new GroupCoordinator(settings.groups(),
                new OffsetsTopic(offsetsTopic.partitions(), topics::partition, time), time);
        try {
            coordinator.load();
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

    /** The offset the next metadata command gets; every command before it is committed and applied. */
    public long metadataEndOffset() {
        return topics.metadataLog().endOffset();
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
        if (groupCoordinator != null) {
            groupCoordinator.close();
        }
        if (replicas != null) {
            replicas.close();
        }
        if (handlerThreads != null) {
            handlerThreads.shutdown();
            try {
                if (!handlerThreads.awaitTermination(5, TimeUnit.SECONDS)) {
                    handlerThreads.shutdownNow();
                }
            } catch (InterruptedException e) {
                handlerThreads.shutdownNow();
                Thread.currentThread().interrupt();
            }
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
