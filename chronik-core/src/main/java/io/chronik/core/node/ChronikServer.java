package io.chronik.core.node;

import io.chronik.api.ChronikNode;
import io.chronik.api.ClusterView;
import io.chronik.api.ConfigException;
import io.chronik.api.MetadataEntry;
import io.chronik.api.PluginInfo;
import io.chronik.core.cluster.ClusterMetadata;
import io.chronik.core.cluster.ControllerRequestHandler;
import io.chronik.core.cluster.MetadataController;
import io.chronik.core.cluster.PeerRouter;
import io.chronik.core.cluster.QuorumStatus;
import io.chronik.core.config.ConfigKey;
import io.chronik.core.config.ConfigKeys;
import io.chronik.core.config.Listener;
import io.chronik.core.config.NodeConfig;
import io.chronik.core.config.Voter;
import io.chronik.core.group.GroupSettings;
import io.chronik.core.kafka.BrokerSettings;
import io.chronik.core.replica.ReplicaSettings;
import io.chronik.core.group.OffsetsTopic;
import io.chronik.core.kafka.KafkaBroker;
import io.chronik.core.kafka.KafkaTopicRules;
import io.chronik.core.kafka.LogDefaults;
import io.chronik.spi.NodeEndpoint;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.console.Console;
import io.chronik.spi.console.ConsoleConfig;
import io.chronik.spi.console.ConsoleProvider;
import io.chronik.spi.forwarding.LeaderForwarder;
import io.chronik.spi.forwarding.LeaderForwarderConfig;
import io.chronik.spi.loader.DiscoveredProvider;
import io.chronik.spi.loader.PluginRegistry;
import io.chronik.spi.loader.SpiType;
import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.spi.Time;
import io.chronik.core.metadata.TopicInfo;
import io.chronik.core.raft.FileQuorumStateStore;
import io.chronik.core.raft.FileSnapshotStore;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: owns the locked data directory, the node identity and one instance of every
 * selected plugin, and stops them in reverse order.
 *
 * <h2>Start order</h2>
 * Select providers ({@link ProviderSelection}) and check their keys; lock {@code data.dir}; establish
 * the cluster id ({@link NodeIdentity}); log each provider choice; then create the WAL (in {@code <data.dir>/wal}),
 * the replication transport (its inbound messages go to a {@link PeerRouter}), the leader forwarder
 * (forwarded requests go to a {@link ControllerRequestHandler}), the replicated metadata over the
 * WAL and the transport ({@link ClusterMetadata}; its quorum keeps term and vote in
 * {@code <data.dir>/quorum-state} and snapshots in {@code <data.dir>/metadata-snapshots}), the Kafka broker ({@link KafkaBroker}: starts the metadata quorum,
 * replays topics, binds {@code kafka.listener}, registers with the controller) and, if enabled and
 * installed, the console; last the {@link StatusFile}, removed first when the node stops. If any
 * step fails, everything created so far is closed and the lock released before the error propagates.
 *
 * <p>Without {@code cluster.voters} the node is a quorum of one that elects itself at once.
 *
 * <h2>Threading</h2>
 * {@link #start} runs on the caller's thread. Every {@link ChronikNode} method may be called from any
 * thread. {@link #close} is idempotent and may race with itself; {@link #awaitClosed} blocks until it
 * has finished.
 */
public final class ChronikServer implements ChronikNode, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChronikServer.class);

    /** The file in the data directory holding the metadata quorum's term and vote. */
    static final String QUORUM_STATE_FILE = "quorum-state";
    /** The directory in the data directory holding the metadata snapshots. */
    static final String METADATA_SNAPSHOT_DIR = "metadata-snapshots";
    /** How long a metadata write may wait for a leader and its commit before the client gets a retriable error. */
    static final Duration METADATA_OPERATION_TIMEOUT = Duration.ofSeconds(10);

    /** Room for a message's own header on top of the largest record it may carry. */
    static final int MESSAGE_OVERHEAD_BYTES = 64 * 1024;
    /** How long a clean stop waits for the controller to move this node's partitions elsewhere. */
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(5);

    private final NodeConfig config;
    private final PluginRegistry registry;
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
    private final NodeFaults faults = new NodeFaults(meters);
    private final Deque<Component> started;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final DataDirectory dataDirectory;
    private final String clusterId;
    private final ProviderSelection selection;
    private final ReplicationTransport replication;
    private final LeaderForwarder forwarder;
    private final Optional<Console> console;
    private final KafkaBroker broker;
    private final MetadataAudit metadataAudit;

    /** A started part of the node, closed in reverse start order. */
    private record Component(String name, AutoCloseable resource) {
    }

    private ChronikServer(NodeConfig config, PluginRegistry registry, Deque<Component> started) {
        this.started = started;
        this.config = config;
        this.registry = registry;
        // Everything that can be checked without touching the disk first, so a bad setting leaves no trace.
        this.selection = ProviderSelection.select(config, registry);
        selection.all().forEach(this::properties);
        if (selection.console().isEmpty()) {
            config.requireNoPluginKeys(SpiType.CONSOLE, "no console provider is installed");
        }
        InetSocketAddress replicationAddress = bindAddress(ConfigKeys.REPLICATION_LISTENER);
        InetSocketAddress forwardingAddress = bindAddress(ConfigKeys.FORWARDING_LISTENER);
        if (config.get(ConfigKeys.CLUSTER_VOTERS).stream().noneMatch(voter -> voter.nodeId() == nodeId())) {
            throw new ConfigException(ConfigKeys.CLUSTER_VOTERS.name(), "node " + nodeId()
                    + " is not among the voters; every node of a cluster is a voter");
        }
        started.push(new Component("meters", meters::close));
        this.dataDirectory = DataDirectory.lock(config.get(ConfigKeys.DATA_DIR));
        started.push(new Component("data directory lock", dataDirectory));
        this.clusterId = NodeIdentity.establish(config, dataDirectory);
        PeerRouter router = new PeerRouter(meters);
        ControllerRequestHandler forwardedRequests = new ControllerRequestHandler(nodeId());
        // The console gets this node before the constructor ends; every field a ChronikNode method reads
        // (config, registry, selection, clusterId, broker) is assigned by then.
        NodeThreads threads = new NodeThreads(faults);
        HostContext context = new HostContext(meters, threads, faults, router, forwardedRequests, this);
        selection.all().forEach(ChronikServer::logSelected);

        int maxRecordBytes = Math.toIntExact(config.get(ConfigKeys.WAL_MAX_RECORD_BYTES));
        int maxMessageBytes = maxRecordBytes + MESSAGE_OVERHEAD_BYTES;
        List<Voter> peers = config.get(ConfigKeys.CLUSTER_VOTERS).stream()
                .filter(voter -> voter.nodeId() != nodeId()).toList();

        WalConfig walConfig = new WalConfig(dataDirectory.path().resolve("wal"),
                config.get(ConfigKeys.WAL_FLUSH_POLICY), config.get(ConfigKeys.WAL_SEGMENT_BYTES), maxRecordBytes,
                properties(selection.wal()));
        Wal wal = start(selection.wal(), selection.wal().provider().create(walConfig, context));

        ReplicationTransportConfig replicationConfig = new ReplicationTransportConfig(nodeId(), clusterId,
                replicationAddress, endpoints(peers, Voter::replicationEndpoint), maxMessageBytes,
                properties(selection.replication()));
        this.replication = start(selection.replication(),
                selection.replication().provider().create(replicationConfig, context));
        router.attach(replication);

        LeaderForwarderConfig forwarderConfig = new LeaderForwarderConfig(nodeId(), clusterId, forwardingAddress,
                endpoints(peers, Voter::forwardingEndpoint), maxMessageBytes, properties(selection.forwarding()));
        this.forwarder = start(selection.forwarding(),
                selection.forwarding().provider().create(forwarderConfig, context));

        ClusterMetadata metadata = openMetadata(wal, router);
        forwardedRequests.attach(metadata.controller());
        this.broker = startBroker(wal, metadata);
        this.metadataAudit = new MetadataAudit(wal, () -> metadata.quorum().status().highWatermark(),
                () -> metadata.state().topics().stream()
                        .collect(Collectors.toMap(TopicInfo::topicId, TopicInfo::name)));
        this.console = startConsole(context);
        NodeStatus.Listeners listeners = new NodeStatus.Listeners(config.get(ConfigKeys.KAFKA_LISTENER).host() + ":"
                + broker.port(), address(replication.localAddress()), address(forwarder.localAddress()),
                console.map(c -> address(c.localAddress())).orElse("off"));
        started.push(new Component("status file", StatusFile.start(dataDirectory.path(),
                () -> NodeStatus.of(cluster(), clusterId, listeners), threads.factory("status"))));
    }

    /**
     * Starts a node.
     *
     * @throws io.chronik.api.ConfigException if the configuration contradicts the stored data or a
     *                                        plugin rejects its keys
     * @throws io.chronik.spi.PluginException if a selected provider is missing or cannot start
     * @throws io.chronik.api.ChronikException if the data directory cannot be used
     */
    public static ChronikServer start(NodeConfig config, PluginRegistry registry) {
        Deque<Component> started = new ArrayDeque<>();
        try {
            return new ChronikServer(config, registry, started);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /** The node's part of the metadata quorum; closed after the broker, before the plugins. */
    private ClusterMetadata openMetadata(Wal wal, PeerRouter router) {
        int sessionTimeout = config.get(ConfigKeys.BROKER_SESSION_TIMEOUT_MS);
        if (sessionTimeout < 1) {
            throw new ConfigException(ConfigKeys.BROKER_SESSION_TIMEOUT_MS.name(), sessionTimeout + " must be at least 1");
        }
        SortedSet<Integer> voters = config.get(ConfigKeys.CLUSTER_VOTERS).stream().map(Voter::nodeId)
                .collect(Collectors.toCollection(TreeSet::new));

        ClusterMetadata.Settings settings = new ClusterMetadata.Settings(nodeId(), voters,
                Duration.ofMillis(sessionTimeout), METADATA_OPERATION_TIMEOUT,
                Optional.of(new MetadataController.InternalTopic(OffsetsTopic.NAME,
                        config.get(ConfigKeys.OFFSETS_TOPIC_NUM_PARTITIONS))));
        Path stateFile = dataDirectory.path().resolve(QUORUM_STATE_FILE);
        ClusterMetadata.Snapshots snapshots = new ClusterMetadata.Snapshots(
                new FileSnapshotStore(dataDirectory.path().resolve(METADATA_SNAPSHOT_DIR)),
                config.get(ConfigKeys.METADATA_SNAPSHOT_INTERVAL_ENTRIES));
        ClusterMetadata metadata = new ClusterMetadata(settings, wal, log -> new FileQuorumStateStore(stateFile),
                snapshots, router, Optional.of(forwarder), new KafkaTopicRules(), Time.SYSTEM, meters);
        started.push(new Component("metadata quorum", metadata));
        metadata.quorum().failed().thenAccept(cause -> faults.reportFault("metadata quorum", cause));
        return metadata;
    }

    /** Replays topics from the WAL and starts serving Kafka clients; closed before the WAL. */
    private KafkaBroker startBroker(Wal wal, ClusterMetadata metadata) {
        int minSession = config.get(ConfigKeys.GROUP_MIN_SESSION_TIMEOUT_MS);
        if (minSession < 1 || minSession > config.get(ConfigKeys.GROUP_MAX_SESSION_TIMEOUT_MS)) {
            throw new ConfigException(ConfigKeys.GROUP_MIN_SESSION_TIMEOUT_MS.name(), minSession
                    + " must be at least 1 and at most " + ConfigKeys.GROUP_MAX_SESSION_TIMEOUT_MS.name());
        }
        Listener listener = config.get(ConfigKeys.KAFKA_LISTENER);
        Listener advertised = config.get(ConfigKeys.KAFKA_ADVERTISED_LISTENER);
        BrokerSettings settings = BrokerSettings.singleNode(nodeId(), clusterId, listener.host(), listener.port())
                .withAdvertised(advertised.host(), advertised.port())
                .withAutoCreateTopics(config.get(ConfigKeys.AUTO_CREATE_TOPICS))
                .withDefaultPartitions(config.get(ConfigKeys.NUM_PARTITIONS))
                .withLogDefaults(new LogDefaults(config.get(ConfigKeys.LOG_RETENTION_MS),
                        config.get(ConfigKeys.LOG_RETENTION_BYTES),
                        Math.toIntExact(config.get(ConfigKeys.WAL_SEGMENT_BYTES)),
                        config.get(ConfigKeys.MIN_INSYNC_REPLICAS), config.get(ConfigKeys.LOG_MESSAGE_TIMESTAMP_TYPE),
                        config.get(ConfigKeys.LOG_RETENTION_CHECK_INTERVAL_MS)))
                .withGroups(new GroupSettings(config.get(ConfigKeys.OFFSETS_TOPIC_NUM_PARTITIONS),
                        config.get(ConfigKeys.GROUP_INITIAL_REBALANCE_DELAY_MS),
                        minSession,
                        config.get(ConfigKeys.GROUP_MAX_SESSION_TIMEOUT_MS)))
                .withReplicas(ReplicaSettings.defaults()
                        .withReplicaLagTimeMs(config.get(ConfigKeys.REPLICA_LAG_TIME_MAX_MS))
                        .withCheckpointDir(dataDirectory.path()));
        KafkaBroker kafka = new KafkaBroker(settings, wal, Time.SYSTEM, meters, metadata);
        started.push(new Component("kafka broker", kafka));
        kafka.start();
        return kafka;
    }

    /** The port the Kafka listener is bound to (the real one when configured with port 0). */
    public int kafkaPort() {
        return broker.port();
    }

    private Optional<Console> startConsole(HostContext context) {
        if (selection.console().isEmpty()) {
            LOG.info("no console provider installed; the node runs without a console");
            return Optional.empty();
        }
        DiscoveredProvider<ConsoleProvider> provider = selection.console().get();
        PluginProperties properties = properties(provider);
        if (!config.get(ConfigKeys.CONSOLE_ENABLED)) {
            LOG.info("console disabled by console.enabled=false");
            return Optional.empty();
        }
        return Optional.of(start(provider, provider.provider().create(
                new ConsoleConfig(bindAddress(ConfigKeys.CONSOLE_LISTENER), properties), context)));
    }

    /** Records a created plugin instance, so it is closed with the node (or when a later step fails). */
    private <I extends AutoCloseable> I start(DiscoveredProvider<?> provider, I instance) {
        started.push(new Component(provider.spi().id() + " " + provider.name(), instance));
        return instance;
    }

    /** The address a listener key names, resolved; a host that does not resolve is a configuration error. */
    private InetSocketAddress bindAddress(ConfigKey<Listener> key) {
        InetSocketAddress address = config.get(key).socketAddress();
        if (address.isUnresolved()) {
            throw new ConfigException(key.name(), "host '" + address.getHostString() + "' does not resolve");
        }
        return address;
    }

    private PluginProperties properties(DiscoveredProvider<?> provider) {
        return config.pluginProperties(provider.spi(), provider.name());
    }

    private static Map<Integer, NodeEndpoint> endpoints(List<Voter> peers, Function<Voter, NodeEndpoint> endpoint) {
        return peers.stream().collect(Collectors.toUnmodifiableMap(Voter::nodeId, endpoint));
    }

    private static void logSelected(DiscoveredProvider<?> provider) {
        LOG.info("{} provider: {} {} ({})", provider.spi().id(), provider.name(), provider.version(),
                provider.source());
    }

    @Override
    public int nodeId() {
        return config.get(ConfigKeys.NODE_ID);
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public List<PluginInfo> plugins() {
        return registry.describe(selection.names());
    }

    /** The configuration as it is in effect: the stored cluster id and the chosen console provider included. */
    @Override
    public SortedMap<String, String> effectiveConfig() {
        SortedMap<String, String> view = new TreeMap<>(config.effective());
        view.put(ConfigKeys.CLUSTER_ID.name(), clusterId);
        selection.console().ifPresent(c -> view.put(ConfigKeys.CONSOLE_PROVIDER.name(), c.name()));
        return view;
    }

    /** The metadata quorum as this node sees it, and the registered brokers from its committed metadata. */
    @Override
    public ClusterView cluster() {
        ClusterMetadata metadata = broker.metadata();
        QuorumStatus status = metadata.quorum().status();
        ClusterView.QuorumRole role = switch (status.role()) {
            case LEADER -> ClusterView.QuorumRole.LEADER;
            case FOLLOWER -> ClusterView.QuorumRole.FOLLOWER;
            case CANDIDATE -> ClusterView.QuorumRole.CANDIDATE;
            case PRE_CANDIDATE -> ClusterView.QuorumRole.PRE_CANDIDATE;
        };
        return new ClusterView(nodeId(), role, status.term(), status.leader(), status.endOffset(),
                status.highWatermark(), metadata.state().brokers().stream()
                        .map(b -> new ClusterView.BrokerView(b.nodeId(), b.host(), b.port(), b.fenced())).toList());
    }

    /**
     * A digest of this node's committed metadata state ({@link io.chronik.core.metadata.MetadataStateMachine#digest()}):
     * nodes that applied the same metadata log report the same value.
     */
    public String metadataDigest() {
        return broker.metadata().state().digest();
    }

    /**
     * The offset where this node's metadata log starts: entries below it were freed after a snapshot
     * covered them (0 until the log is first snapshotted and freed).
     */
    public long metadataLogStart() {
        return broker.metadata().quorum().logStartOffset();
    }

    /** The bound Kafka listener; a wildcard listen host is reached through the loopback address. */
    @Override
    public InetSocketAddress kafkaBootstrap() {
        InetSocketAddress bound = config.get(ConfigKeys.KAFKA_LISTENER).socketAddress();
        boolean wildcard = !bound.isUnresolved() && bound.getAddress().isAnyLocalAddress();
        return new InetSocketAddress(wildcard ? InetAddress.getLoopbackAddress().getHostAddress() : bound.getHostString(),
                broker.port());
    }

    @Override
    public List<MetadataEntry> metadataEntries(long fromOffset, int max) {
        return metadataAudit.entries(fromOffset, max);
    }

    /** Where the console listens, if it runs. */
    public Optional<InetSocketAddress> consoleAddress() {
        return console.map(Console::localAddress);
    }

    /** The absolute path of the locked data directory. */
    public Path dataDirectory() {
        return dataDirectory.path();
    }

    /** One line for the log and the terminal: who this node is, where it listens, what it runs. */
    public String startupSummary() {
        Listener kafka = config.get(ConfigKeys.KAFKA_LISTENER);
        return "node " + nodeId() + " of cluster " + clusterId
                + " started; data " + dataDirectory.path()
                + "; replication " + address(replication.localAddress())
                + ", forwarding " + address(forwarder.localAddress())
                + ", console " + console.map(c -> address(c.localAddress())).orElse("off")
                + ", kafka " + kafka.host() + ":" + broker.port()
                + "; providers " + selection.names().entrySet().stream()
                        .map(e -> e.getKey().id() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String address(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops the console, Kafka broker, metadata quorum, forwarder, transport and WAL, in that order, and releases the data directory. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        LOG.info("node {} stopping", nodeId());
        broker.metadata().leave(LEAVE_TIMEOUT);
        closeAll(started);
        LOG.info("node {} stopped", nodeId());
        closed.countDown();
    }

    private static void closeAll(Deque<Component> components) {
        while (!components.isEmpty()) {
            Component component = components.pop();
            try {
                component.resource().close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", component.name(), e.toString(), e);
            }
        }
    }
}
