package io.chronik.core.kafka;

import io.chronik.core.group.GroupSettings;
import io.chronik.core.replica.ReplicaSettings;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a {@link KafkaBroker} needs to know about itself.
 *
 * @param nodeId                the node id clients see as broker id, leader and controller
 * @param clusterId             1–64 characters of {@code [A-Za-z0-9._-]}
 * @param listenerHost          the address the Kafka listener binds
 * @param listenerPort          the port it binds, 0 for any free port
 * @param advertisedHost        the host clients are told to connect to
 * @param advertisedPort        the port clients are told, 0 to advertise the bound port
 * @param autoCreateTopics      whether Metadata requests create unknown topics
 *                              ({@code auto.create.topics.enable})
 * @param defaultPartitions     partitions of auto-created topics and of CreateTopics with -1
 *                              ({@code num.partitions})
 * @param maxRequestBytes       the largest request accepted ({@code socket.request.max.bytes})
 * @param maxMessageBytes       the largest record batch accepted ({@code message.max.bytes}), the
 *                              default of the topic config {@code max.message.bytes}
 * @param ioThreads             network selector threads
 * @param requestHandlerThreads threads that run request handlers
 * @param logDefaults           the defaults of the topic configs (retention, timestamps, ...)
 * @param groups                the group coordinator's settings
 * @param replicas              how partition replicas run ({@code replica.lag.time.max.ms}, fetch sizes)
 */
public record BrokerSettings(int nodeId, String clusterId, String listenerHost, int listenerPort,
                             String advertisedHost, int advertisedPort, boolean autoCreateTopics,
                             int defaultPartitions, int maxRequestBytes, int maxMessageBytes,
                             int ioThreads, int requestHandlerThreads, LogDefaults logDefaults,
                             GroupSettings groups, ReplicaSettings replicas) {

    private static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Kafka's {@code socket.request.max.bytes} default. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 100 * 1024 * 1024;
    /** Kafka's {@code message.max.bytes} default. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 12;

    public BrokerSettings {
        if (nodeId < 0) {
            throw new IllegalArgumentException("nodeId must not be negative, was " + nodeId);
        }
        if (!CLUSTER_ID.matcher(clusterId).matches()) {
            throw new IllegalArgumentException("clusterId must be 1-64 characters of [A-Za-z0-9._-], was '"
                    + clusterId + "'");
        }
        if (listenerPort < 0 || listenerPort > 65535 || advertisedPort < 0 || advertisedPort > 65535) {
            throw new IllegalArgumentException("ports must be in 0..65535");
        }
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("defaultPartitions must be at least 1, was " + defaultPartitions);
        }
        if (maxMessageBytes < 1 || maxRequestBytes < 16) {
            throw new IllegalArgumentException("maxMessageBytes and maxRequestBytes must be positive");
        }
        if (ioThreads < 1 || requestHandlerThreads < 1) {
            throw new IllegalArgumentException("ioThreads and requestHandlerThreads must be at least 1");
        }
        Objects.requireNonNull(logDefaults, "logDefaults");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(replicas, "replicas");
    }

    /**
     * Kafka's defaults for one node listening (and advertising) {@code host:port}: topics
     * auto-created with one partition, 2 IO threads, 4 handler threads.
     */
    public static BrokerSettings singleNode(int nodeId, String clusterId, String host, int port) {
        return new BrokerSettings(nodeId, clusterId, host, port, host, 0, true, 1,
                DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_MESSAGE_BYTES, 2, 4, LogDefaults.KAFKA, GroupSettings.defaults(),
                ReplicaSettings.defaults());
    }

    public BrokerSettings withAutoCreateTopics(boolean enabled) {
        return new BrokerSettings(nodeId, clusterId, listenerHost, listenerPort, advertisedHost, advertisedPort,
                enabled, defaultPartitions, maxRequestBytes, maxMessageBytes, ioThreads, requestHandlerThreads,
                logDefaults, groups, replicas);
    }

    /** Clients are told to connect to {@code host:port} (port 0: the bound port). */
    public BrokerSettings withAdvertised(String host, int port) {
        return new BrokerSettings(nodeId, clusterId, listenerHost, listenerPort, host, port,
                autoCreateTopics, defaultPartitions, maxRequestBytes, maxMessageBytes, ioThreads, requestHandlerThreads,
                logDefaults, groups, replicas);
    }

    public BrokerSettings withDefaultPartitions(int partitions) {
        return new BrokerSettings(nodeId, clusterId, listenerHost, listenerPort, advertisedHost, advertisedPort,
                autoCreateTopics, partitions, maxRequestBytes, maxMessageBytes, ioThreads, requestHandlerThreads,
                logDefaults, groups, replicas);
    }

    public BrokerSettings withMaxRequestBytes(int bytes) {
        return new BrokerSettings(nodeId, clusterId, listenerHost, listenerPort, advertisedHost, advertisedPort,
                autoCreateTopics, defaultPartitions, bytes, maxMessageBytes, ioThreads, requestHandlerThreads,
                logDefaults, groups, replicas);
    }

    public BrokerSettings withLogDefaults(LogDefaults defaults) {
        return new BrokerSettings(nodeId, clusterId, listenerHost, listenerPort, advertisedHost, advertisedPort,
                autoCreateTopics, defaultPartitions, maxRequestBytes, maxMessageBytes, ioThreads, requestHandlerThreads,
                defaults, groups, replicas);
    }

    public BrokerSettings withGroups(GroupSettings settings) {
        return new BrokerSettings(nodeId, clusterId, listenerHost, listenerPort, advertisedHost, advertisedPort,
                autoCreateTopics, defaultPartitions, maxRequestBytes, maxMessageBytes, ioThreads, requestHandlerThreads,
                logDefaults, settings, replicas);
    }

    public BrokerSettings withReplicas(ReplicaSettings settings) {
        return new BrokerSettings(nodeId, clusterId, listenerHost, listenerPort, advertisedHost, advertisedPort,
                autoCreateTopics, defaultPartitions, maxRequestBytes, maxMessageBytes, ioThreads, requestHandlerThreads,
                logDefaults, groups, settings);
    }
}
