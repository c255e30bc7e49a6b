package io.chronik.core.kafka;

import io.chronik.core.metadata.TopicInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
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
 * Metadata on a single node: this broker is the only broker, the controller, and the leader (with
 * the node's leader epoch), sole replica and sole in-sync replica of every partition.
 *
 * <p>Topics: a null list (v1+) or an empty list in v0 means all topics. A requested topic that does
 * not exist is created when the request allows it (always before v4) and the broker has
 * auto-creation enabled; an illegal name then gets {@code INVALID_TOPIC_EXCEPTION}. Topics asked for
 * by id (v12+) that do not exist get {@code UNKNOWN_TOPIC_ID}.
 */
final class MetadataHandler implements ApiHandler {

    private final TopicManager topics;
    private final Supplier<BrokerAddress> address;
    private final String clusterId;
    private final boolean autoCreate;
    private final int defaultPartitions;

    MetadataHandler(TopicManager topics, Supplier<BrokerAddress> address, String clusterId, boolean autoCreate,
                    int defaultPartitions) {
        this.topics = topics;
        this.address = address;
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
        BrokerAddress self = address.get();
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(clusterId)
                .setControllerId(self.nodeId());
        response.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                .setNodeId(self.nodeId())
                .setHost(self.host())
                .setPort(self.port()));
        boolean allTopics = data.topics() == null || (version == 0 && data.topics().isEmpty());
        if (allTopics) {
            topics.topics().forEach(t -> response.topics().add(describe(t, self.nodeId())));
        } else {
            boolean mayCreate = autoCreate && (version < 4 || data.allowAutoTopicCreation());
            for (MetadataRequestData.MetadataRequestTopic requested : data.topics()) {
                response.topics().add(lookup(requested, mayCreate, self.nodeId()));
            }
        }
        return ApiHandler.respond(response);
    }

    private MetadataResponseTopic lookup(MetadataRequestData.MetadataRequestTopic requested, boolean mayCreate,
                                         int nodeId) {
        if (requested.name() == null) {
            Uuid id = requested.topicId();
            return topics.topic(id).map(t -> describe(t, nodeId)).orElseGet(() -> new MetadataResponseTopic()
                    .setTopicId(id).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
        }
        String name = requested.name();
        Optional<TopicInfo> topic = topics.topic(name);
        if (topic.isPresent()) {
            return describe(topic.get(), nodeId);
        }
        if (!mayCreate) {
            return error(name, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        TopicResult created = topics.create(name, defaultPartitions, Map.of(), false);
        if (created.error() == Errors.TOPIC_ALREADY_EXISTS) {
            return topics.topic(name).map(t -> describe(t, nodeId))
                    .orElseGet(() -> error(name, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
        if (created.error() != Errors.NONE) {
            return error(name, created.error());
        }
        return describe(created.topic().orElseThrow(), nodeId);
    }

    private static MetadataResponseTopic error(String name, Errors error) {
        return new MetadataResponseTopic().setName(name).setErrorCode(error.code());
    }

    private MetadataResponseTopic describe(TopicInfo topic, int nodeId) {
        MetadataResponseTopic result = new MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(topic.topicId())
                .setIsInternal(TopicNames.isInternal(topic.name()));
        for (int p = 0; p < topic.partitions(); p++) {
            result.partitions().add(new MetadataResponsePartition()
                    .setPartitionIndex(p)
                    .setLeaderId(nodeId)
                    .setLeaderEpoch(topics.leaderEpoch())
                    .setReplicaNodes(List.of(nodeId))
                    .setIsrNodes(List.of(nodeId))
                    .setOfflineReplicas(List.of()));
        }
        return result;
    }
}
