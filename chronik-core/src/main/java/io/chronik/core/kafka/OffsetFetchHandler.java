package io.chronik.core.kafka;

import io.chronik.core.group.CommittedOffset;
import io.chronik.core.group.GroupCoordinator;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.metadata.TopicInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * OffsetFetch: one group (v1–v7) or several (v8+, topics by id from v10). Null topics ask for every
 * committed offset of the group; a requested partition without a commit gets offset -1, as does
 * every partition of a group that does not exist. By id, an unknown topic is
 * {@code UNKNOWN_TOPIC_ID}. There are no transactional offsets, so {@code require_stable} never
 * waits.
 */
final class OffsetFetchHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final TopicManager topics;

    OffsetFetchHandler(GroupCoordinator coordinator, TopicManager topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        OffsetFetchRequestData data = (OffsetFetchRequestData) request;
        short version = header.apiVersion();
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        if (version >= 8) {
            for (OffsetFetchRequestData.OffsetFetchRequestGroup group : data.groups()) {
                response.groups().add(fetchGroup(group, version >= 10));
            }
            return ApiHandler.respond(response);
        }
        OffsetFetchRequestData.OffsetFetchRequestGroup single = new OffsetFetchRequestData.OffsetFetchRequestGroup()
                .setGroupId(data.groupId());
        if (data.topics() != null) {
            List<OffsetFetchRequestData.OffsetFetchRequestTopics> requested = new ArrayList<>();
            data.topics().forEach(t -> requested.add(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                    .setName(t.name()).setPartitionIndexes(t.partitionIndexes())));
            single.setTopics(requested);
        } else {
            single.setTopics(null);
        }
        OffsetFetchResponseGroup result = fetchGroup(single, false);
        response.setErrorCode(result.errorCode());
        for (OffsetFetchResponseTopics topic : result.topics()) {
            OffsetFetchResponseData.OffsetFetchResponseTopic legacy = new OffsetFetchResponseData.OffsetFetchResponseTopic()
                    .setName(topic.name());
            topic.partitions().forEach(p -> legacy.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                    .setPartitionIndex(p.partitionIndex())
                    .setCommittedOffset(p.committedOffset())
                    .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                    .setMetadata(p.metadata())
                    .setErrorCode(p.errorCode())));
            response.topics().add(legacy);
        }
        return ApiHandler.respond(response);
    }

    private OffsetFetchResponseGroup fetchGroup(OffsetFetchRequestData.OffsetFetchRequestGroup group, boolean byId) {
        OffsetFetchResponseGroup result = new OffsetFetchResponseGroup().setGroupId(group.groupId());
        Errors error = coordinator.coordinatorError(group.groupId());
        if (error != Errors.NONE) {
            return result.setErrorCode(error.code());
        }
        Map<TopicPartition, CommittedOffset> committed = coordinator.committedOffsets(group.groupId());
        if (group.topics() == null) {
            Map<String, OffsetFetchResponseTopics> byTopic = new LinkedHashMap<>();
            committed.forEach((tp, offset) -> {
                Optional<TopicInfo> info = topics.topic(tp.topic());
                if (byId && info.isEmpty()) {
                    return;
                }
                byTopic.computeIfAbsent(tp.topic(), name -> new OffsetFetchResponseTopics()
                                .setName(name).setTopicId(info.map(TopicInfo::topicId).orElse(Uuid.ZERO_UUID)))
                        .partitions().add(partition(tp.partition(), Optional.of(offset)));
            });
            result.topics().addAll(byTopic.values());
            return result;
        }
        for (OffsetFetchRequestData.OffsetFetchRequestTopics requested : group.topics()) {
            OffsetFetchResponseTopics topic = new OffsetFetchResponseTopics()
                    .setName(requested.name()).setTopicId(requested.topicId());
            result.topics().add(topic);
            Optional<String> name = byId ? topics.topic(requested.topicId()).map(TopicInfo::name)
                    : Optional.of(requested.name());
            for (int partition : requested.partitionIndexes()) {
                if (name.isEmpty()) {
                    topic.partitions().add(partition(partition, Optional.empty())
                            .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
                } else {
                    topic.partitions().add(partition(partition,
                            Optional.ofNullable(committed.get(new TopicPartition(name.get(), partition)))));
                }
            }
        }
        return result;
    }

    private static OffsetFetchResponsePartitions partition(int index, Optional<CommittedOffset> offset) {
        return new OffsetFetchResponsePartitions()
                .setPartitionIndex(index)
                .setCommittedOffset(offset.map(CommittedOffset::offset).orElse(-1L))
                .setCommittedLeaderEpoch(offset.flatMap(CommittedOffset::leaderEpoch).orElse(-1))
                .setMetadata(offset.map(CommittedOffset::metadata).orElse(""));
    }
}
