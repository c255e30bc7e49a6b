package io.chronik.core.kafka;

import io.chronik.core.cluster.ClusterMetadata;
import io.chronik.core.cluster.PartitionAssignment;
import io.chronik.core.metadata.BrokerRegistration;
import io.chronik.core.metadata.MetadataStateMachine;
import io.chronik.core.metadata.TopicInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Metadata from the committed cluster metadata: every registered, unfenced broker; the metadata
 * leader as controller ({@code -1} while none is known); and per partition its leader, leader epoch,
 * replicas, ISR and offline (fenced or unregistered) replicas. A partition without a leader reports
 * {@code LEADER_NOT_AVAILABLE}, which clients retry.
 *
 * <p>Topics: a null list (v1+) or an empty list in v0 means all topics. A requested topic that does
 * not exist is created when the request allows it (always before v4) and the broker has
 * auto-creation enabled; an illegal name then gets {@code INVALID_TOPIC_EXCEPTION}. Topics asked for
 * by id (v12+) that do not exist get {@code UNKNOWN_TOPIC_ID}.
 */
final class MetadataHandler implements ApiHandler {

    private final TopicManager topics;
    private final MetadataStateMachine state;
    private final ClusterMetadata metadata;
    private final String clusterId;
    private final boolean autoCreate;
    private final int defaultPartitions;

    MetadataHandler(TopicManager topics, String clusterId, boolean autoCreate, int defaultPartitions) {
        this.topics = topics;
        this.metadata = topics.metadata();
        this.state = metadata.state();
        this.clusterId = clusterId;
        this.autoCreate = autoCreate;
        this.defaultPartitions = defaultPartitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        MetadataRequestData data = (MetadataRequestData) request;
        short version = header.apiVersion();
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(clusterId)
                .setControllerId(metadata.quorum().status().leader().orElse(-1));
        state.liveBrokers().forEach(broker -> response.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                .setNodeId(broker.nodeId())
                .setHost(broker.host())
                .setPort(broker.port())));
        if (allTopics(data, version)) {
            topics.topics().forEach(t -> response.topics().add(describe(t)));
        } else {
            boolean mayCreate = mayCreate(data, version);
            for (MetadataRequestData.MetadataRequestTopic requested : data.topics()) {
                response.topics().add(lookup(requested, mayCreate));
            }
        }
        return ApiHandler.respond(response);
    }

    /** Only a request that names a topic this node does not know, and may create it, writes metadata. */
    @Override
    public boolean waitsForController(RequestHeader header, ApiMessage request) {
        MetadataRequestData data = (MetadataRequestData) request;
        short version = header.apiVersion();
        return !allTopics(data, version) && mayCreate(data, version) && data.topics().stream()
                .anyMatch(t -> t.name() != null && topics.topic(t.name()).isEmpty());
    }

    private static boolean allTopics(MetadataRequestData data, short version) {
        return data.topics() == null || (version == 0 && data.topics().isEmpty());
    }

    private boolean mayCreate(MetadataRequestData data, short version) {
        return autoCreate && (version < 4 || data.allowAutoTopicCreation());
    }

    private MetadataResponseTopic lookup(MetadataRequestData.MetadataRequestTopic requested, boolean mayCreate) {
        if (requested.name() == null) {
            Uuid id = requested.topicId();
            return topics.topic(id).map(t -> describe(t)).orElseGet(() -> new MetadataResponseTopic()
                    .setTopicId(id).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
        }
        String name = requested.name();
        Optional<TopicInfo> topic = topics.topic(name);
        if (topic.isPresent()) {
            return describe(topic.get());
        }
        if (!mayCreate) {
            return error(name, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        TopicResult created = topics.create(name, defaultPartitions, Map.of(), false);
        if (created.error() == Errors.TOPIC_ALREADY_EXISTS) {
            return topics.topic(name).map(t -> describe(t))
                    .orElseGet(() -> error(name, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
        if (created.error() != Errors.NONE) {
            return error(name, created.error());
        }
        return describe(created.topic().orElseThrow());
    }

    private static MetadataResponseTopic error(String name, Errors error) {
        return new MetadataResponseTopic().setName(name).setErrorCode(error.code());
    }

    private MetadataResponseTopic describe(TopicInfo topic) {
        MetadataResponseTopic result = new MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(topic.topicId())
                .setIsInternal(TopicNames.isInternal(topic.name()));
        for (int p = 0; p < topic.partitions(); p++) {
            int index = p;
            result.partitions().add(state.assignment(topic.topicId(), p).map(this::describe)
                    .orElseGet(() -> new MetadataResponsePartition().setPartitionIndex(index)
                            .setErrorCode(Errors.LEADER_NOT_AVAILABLE.code()).setLeaderId(-1)));
        }
        return result;
    }

    private MetadataResponsePartition describe(PartitionAssignment assignment) {
        List<Integer> offline = assignment.replicas().stream()
                .filter(r -> state.broker(r).map(BrokerRegistration::fenced).orElse(true)).toList();
        return new MetadataResponsePartition()
                .setPartitionIndex(assignment.partition())
                .setErrorCode(assignment.leader().isPresent() ? Errors.NONE.code() : Errors.LEADER_NOT_AVAILABLE.code())
                .setLeaderId(assignment.leader().orElse(-1))
                .setLeaderEpoch(assignment.leaderEpoch())
                .setReplicaNodes(assignment.replicas())
                .setIsrNodes(List.copyOf(assignment.isr()))
                .setOfflineReplicas(offline);
    }
}
