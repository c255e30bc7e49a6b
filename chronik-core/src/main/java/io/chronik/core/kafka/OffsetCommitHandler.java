package io.chronik.core.kafka;

import io.chronik.core.group.CommittedOffset;
import io.chronik.core.group.GroupCoordinator;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.metadata.TopicInfo;
import io.chronik.spi.Time;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * OffsetCommit: topics by name (v2–v9) or id (v10). A partition of an unknown topic gets
 * {@code UNKNOWN_TOPIC_OR_PARTITION} ({@code UNKNOWN_TOPIC_ID} by id), metadata over
 * {@link GroupCoordinator#MAX_OFFSET_METADATA_LENGTH} characters {@code OFFSET_METADATA_TOO_LARGE};
 * the rest are committed together and share the group's verdict, answered once durable.
 */
final class OffsetCommitHandler implements ApiHandler {

    private final GroupCoordinator coordinator;
    private final TopicManager topics;
    private final Time time;

    OffsetCommitHandler(GroupCoordinator coordinator, TopicManager topics, Time time) {
        this.coordinator = coordinator;
        this.topics = topics;
        this.time = time;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        OffsetCommitRequestData data = (OffsetCommitRequestData) request;
        boolean byId = header.apiVersion() >= 10;
        long now = time.milliseconds();
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        Map<TopicPartition, CommittedOffset> offsets = new HashMap<>();
        Map<OffsetCommitResponsePartition, TopicPartition> pending = new HashMap<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic requested : data.topics()) {
            Optional<TopicInfo> topic = byId ? topics.topic(requested.topicId()) : topics.topic(requested.name());
            OffsetCommitResponseTopic topicResponse = new OffsetCommitResponseTopic()
                    .setName(requested.name()).setTopicId(requested.topicId());
            response.topics().add(topicResponse);
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : requested.partitions()) {
                OffsetCommitResponsePartition partitionResponse = new OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex());
                topicResponse.partitions().add(partitionResponse);
                if (topic.isEmpty() || p.partitionIndex() < 0 || p.partitionIndex() >= topic.get().partitions()) {
                    Errors error = byId && topic.isEmpty() ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    partitionResponse.setErrorCode(error.code());
                } else if (p.committedMetadata() != null
                        && p.committedMetadata().length() > GroupCoordinator.MAX_OFFSET_METADATA_LENGTH) {
                    partitionResponse.setErrorCode(Errors.OFFSET_METADATA_TOO_LARGE.code());
                } else {
                    TopicPartition tp = new TopicPartition(topic.get().name(), p.partitionIndex());
                    offsets.put(tp, new CommittedOffset(p.committedOffset(),
                            p.committedLeaderEpoch() < 0 ? Optional.empty() : Optional.of(p.committedLeaderEpoch()),
                            p.committedMetadata() == null ? "" : p.committedMetadata(), now));
                    pending.put(partitionResponse, tp);
                }
            }
        }
        return coordinator.commitOffsets(data.groupId(), data.generationIdOrMemberEpoch(), data.memberId(),
                        Optional.ofNullable(data.groupInstanceId()), offsets)
                .thenApply(error -> {
                    pending.keySet().forEach(p -> p.setErrorCode(error.code()));
                    return Optional.of(response);
                });
    }
}
