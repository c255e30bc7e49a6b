package io.chronik.core.config;

import io.chronik.spi.wal.FlushPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The node's configuration keys, in the order they are resolved (a derived default may use only the
 * keys above it). Plugin-specific keys ({@code <spi>.<provider>.<key>}) are not listed here: they are
 * passed through to the selected provider, which validates them.
 */
public final class ConfigKeys {

    public static final ConfigKey<Integer> NODE_ID = ConfigKey.of("node.id", ValueType.NODE_ID, "1",
            "This node's id, unique in the cluster.");

    public static final ConfigKey<Path> DATA_DIR = ConfigKey.of("data.dir", ValueType.PATH, "./data",
            "Where the node keeps its WAL, metadata log and snapshots; relative paths start at the working"
                    + " directory. One node at a time may use it (data.dir/.lock).");

    public static final ConfigKey<Listener> KAFKA_LISTENER = ConfigKey.of("kafka.listener", ValueType.LISTENER,
            "127.0.0.1:9092", "Where Kafka clients connect. Binds to loopback unless you choose otherwise.");

    public static final ConfigKey<Listener> KAFKA_ADVERTISED_LISTENER = ConfigKey.derived(
            "kafka.advertised.listener", ValueType.LISTENER, "the value of kafka.listener",
            r -> r.get(KAFKA_LISTENER), "The address this node tells Kafka clients to connect to.");

    public static final ConfigKey<Boolean> AUTO_CREATE_TOPICS = ConfigKey.of("auto.create.topics.enable",
            ValueType.BOOLEAN, "true",
            "Whether a Metadata request for an unknown topic creates it (with num.partitions partitions).");

    public static final ConfigKey<Integer> NUM_PARTITIONS = ConfigKey.of("num.partitions", ValueType.PARTITIONS, "1",
            "Partitions of an auto-created topic, and of a CreateTopics request that leaves the count to the node.");

    public static final ConfigKey<Long> LOG_RETENTION_MS = ConfigKey.of("log.retention.ms",
            ValueType.MILLIS_OR_UNLIMITED, "604800000",
            "How long a topic keeps records (7 days) unless its retention.ms says otherwise; -1 keeps them forever.");

    public static final ConfigKey<Long> LOG_RETENTION_BYTES = ConfigKey.of("log.retention.bytes",
            ValueType.BYTES_OR_UNLIMITED, "-1",
            "How many bytes a partition keeps unless its topic's retention.bytes says otherwise; -1 for no limit.");

    public static final ConfigKey<Long> LOG_RETENTION_CHECK_INTERVAL_MS = ConfigKey.of(
            "log.retention.check.interval.ms", ValueType.POSITIVE_MILLIS, "300000",
            "How often the node deletes records past their retention (5 minutes).");

    public static final ConfigKey<Integer> MIN_INSYNC_REPLICAS = ConfigKey.of("min.insync.replicas",
            ValueType.REPLICA_COUNT, "1",
            "Replicas that must have a batch before an acks=all produce is answered, unless the topic says otherwise.");

    public static final ConfigKey<Boolean> LOG_MESSAGE_TIMESTAMP_TYPE = ConfigKey.of("log.message.timestamp.type",
            ValueType.LOG_APPEND_TIME, "CreateTime",
            "Whether records keep the producer's timestamp (CreateTime) or get the node's (LogAppendTime), unless"
                    + " the topic's message.timestamp.type says otherwise.");

    public static final ConfigKey<Integer> OFFSETS_TOPIC_NUM_PARTITIONS = ConfigKey.of("offsets.topic.num.partitions",
            ValueType.PARTITIONS, "50",
            "Partitions of __consumer_offsets, where groups and committed offsets live; fixed once the topic exists.");

    public static final ConfigKey<Integer> GROUP_INITIAL_REBALANCE_DELAY_MS = ConfigKey.of(
            "group.initial.rebalance.delay.ms", ValueType.INT_MILLIS, "3000",
            "How long the first rebalance of an empty group waits for more members to join.");

    public static final ConfigKey<Integer> GROUP_MIN_SESSION_TIMEOUT_MS = ConfigKey.of("group.min.session.timeout.ms",
            ValueType.INT_MILLIS, "6000", "The smallest session timeout a consumer may ask for.");

    public static final ConfigKey<Integer> GROUP_MAX_SESSION_TIMEOUT_MS = ConfigKey.of("group.max.session.timeout.ms",
            ValueType.INT_MILLIS, "1800000", "The largest session timeout a consumer may ask for (30 minutes).");

    public static final ConfigKey<Listener> REPLICATION_LISTENER = ConfigKey.of("replication.listener",
            ValueType.LISTENER, "127.0.0.1:9093", "Where other nodes ship log entries to this node.");

    public static final ConfigKey<Listener> FORWARDING_LISTENER = ConfigKey.of("forwarding.listener",
            ValueType.LISTENER, "127.0.0.1:9094", "Where other nodes forward metadata requests to this node.");

    public static final ConfigKey<Listener> CONSOLE_LISTENER = ConfigKey.of("console.listener", ValueType.LISTENER,
            "127.0.0.1:8080", "Where the web console, REST API and /metrics are served.");

    public static final ConfigKey<Boolean> CONSOLE_ENABLED = ConfigKey.of("console.enabled", ValueType.BOOLEAN,
            "true", "Whether to start the web console (when a console provider is installed).");

    public static final ConfigKey<Optional<String>> CLUSTER_ID = ConfigKey.derived("cluster.id",
            ValueType.CLUSTER_ID, "generated by a single node on first start and stored in data.dir/meta.properties",
            r -> Optional.empty(),
            "The same on every node of a cluster; a value that differs from the one stored with the data stops"
                    + " startup.");

    public static final ConfigKey<List<Voter>> CLUSTER_VOTERS = ConfigKey.derived("cluster.voters",
            ValueType.VOTERS, "this node alone: node.id@replication.listener",
            r -> List.of(new Voter(r.get(NODE_ID), r.get(REPLICATION_LISTENER), r.get(FORWARDING_LISTENER))),
            "The nodes that elect the metadata leader, as id@host:replicationPort; each node's forwarding port"
                    + " is its replication port + 1 unless written id@host:port/forwardingPort.");

    public static final ConfigKey<Integer> BROKER_SESSION_TIMEOUT_MS = ConfigKey.of("broker.session.timeout.ms",
            ValueType.INT_MILLIS, "9000",
            "How long a broker may miss heartbeats to the controller before it is fenced and its partitions get"
                    + " new leaders from their ISR.");

    public static final ConfigKey<Long> METADATA_SNAPSHOT_INTERVAL_ENTRIES = ConfigKey.of(
            "metadata.snapshot.interval.entries", ValueType.POSITIVE_COUNT, "20000",
            "How many metadata log entries are applied between two snapshots of the metadata state. The two"
                    + " newest snapshots are kept and the log below the older one is freed, so a restart replays at"
                    + " most about two intervals.");

    public static final ConfigKey<Integer> REPLICA_LAG_TIME_MAX_MS = ConfigKey.of("replica.lag.time.max.ms",
            ValueType.POSITIVE_INT_MILLIS, "30000",
            "How long a follower of a partition may go without catching up with its leader before it leaves the"
                    + " ISR, so a slow or dead follower never holds up acks=all produces for longer (30 s).");

    public static final ConfigKey<String> WAL_PROVIDER = ConfigKey.of("wal.provider", ValueType.PROVIDER,
            "disruptor", "The write-ahead log plugin. Its own keys are wal.<provider>.*.");

    public static final ConfigKey<String> REPLICATION_PROVIDER = ConfigKey.of("replication.provider",
            ValueType.PROVIDER, "tcp", "The replication transport plugin. Its own keys are replication.<provider>.*.");

    public static final ConfigKey<String> FORWARDING_PROVIDER = ConfigKey.of("forwarding.provider",
            ValueType.PROVIDER, "tcp", "The leader forwarding plugin. Its own keys are forwarding.<provider>.*.");

    public static final ConfigKey<Optional<String>> CONSOLE_PROVIDER = ConfigKey.derived("console.provider",
            ValueType.OPTIONAL_PROVIDER, "the console provider found on the class path", r -> Optional.empty(),
            "The console plugin; needed only when more than one is installed. Its own keys are console.<provider>.*.");

    public static final ConfigKey<FlushPolicy> WAL_FLUSH_POLICY = ConfigKey.of("wal.flush.policy",
            ValueType.FLUSH_POLICY, "batch",
            "When the WAL forces writes to disk: batch (group commit, acknowledge after fsync),"
                    + " interval:<ms> (acknowledge after write, fsync every ms) or none (unsafe, benchmarks only).");

    public static final ConfigKey<Long> WAL_SEGMENT_BYTES = ConfigKey.of("wal.segment.bytes", ValueType.SEGMENT_BYTES,
            "134217728", "The size at which a WAL log rolls to a new segment file (128 MiB).");

    public static final ConfigKey<Long> WAL_MAX_RECORD_BYTES = ConfigKey.of("wal.max.record.bytes",
            ValueType.RECORD_BYTES, "8388608",
            "The largest record the WAL accepts (8 MiB); at most wal.segment.bytes.");

    public static final ConfigKey<Path> PLUGINS_DIR = ConfigKey.derived("plugins.dir", ValueType.PATH,
            "<home>/plugins in a distribution, else ./plugins",
            r -> r.home().map(home -> home.resolve("plugins")).orElse(Path.of("plugins")),
            "Where third-party plugins are installed, one directory per plugin.");

    /** Every key, in resolution order. */
    public static final List<ConfigKey<?>> ALL = List.of(NODE_ID, DATA_DIR, KAFKA_LISTENER, KAFKA_ADVERTISED_LISTENER,
            AUTO_CREATE_TOPICS, NUM_PARTITIONS, LOG_RETENTION_MS, LOG_RETENTION_BYTES, LOG_RETENTION_CHECK_INTERVAL_MS,
            MIN_INSYNC_REPLICAS, LOG_MESSAGE_TIMESTAMP_TYPE, OFFSETS_TOPIC_NUM_PARTITIONS,
            GROUP_INITIAL_REBALANCE_DELAY_MS, GROUP_MIN_SESSION_TIMEOUT_MS, GROUP_MAX_SESSION_TIMEOUT_MS,
            REPLICATION_LISTENER, FORWARDING_LISTENER, CONSOLE_LISTENER, CONSOLE_ENABLED, CLUSTER_ID, CLUSTER_VOTERS,
            BROKER_SESSION_TIMEOUT_MS, METADATA_SNAPSHOT_INTERVAL_ENTRIES, REPLICA_LAG_TIME_MAX_MS, WAL_PROVIDER,
            REPLICATION_PROVIDER, FORWARDING_PROVIDER, CONSOLE_PROVIDER, WAL_FLUSH_POLICY,
            WAL_SEGMENT_BYTES, WAL_MAX_RECORD_BYTES, PLUGINS_DIR);

    /** Every key's name, in resolution order. */
    public static final List<String> NAMES = ALL.stream().map(ConfigKey::name).toList();

    /** Every key by name. */
    public static final Map<String, ConfigKey<?>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(ConfigKey::name, Function.identity()));

    private ConfigKeys() {
    }
}
