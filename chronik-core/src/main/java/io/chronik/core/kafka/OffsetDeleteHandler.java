package io.chronik.core.kafka;

import io.chronik.core.group.GroupAdmin;
import io.chronik.core.group.OffsetDeleteResult;
import io.chronik.core.log.TopicPartition;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * OffsetDelete: a partition of a topic that does not exist is {@code UNKNOWN_TOPIC_OR_PARTITION};
 * the others go to {@link GroupAdmin#deleteOffsets}, whose group-level error (unknown or
 * non-empty group) is the top-level error.
 */
final class OffsetDeleteHandler implements ApiHandler {

    private final GroupAdmin groups;
    private final TopicManager topics;

    OffsetDeleteHandler(GroupAdmin groups, TopicManager topics) {
        this.groups = groups;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        OffsetDeleteRequestData data = (OffsetDeleteRequestData) request;
        Set<TopicPartition> known = new HashSet<>();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : data.topics()) {
            int partitions = topics.topic(topic.name()).map(t -> t.partitions()).orElse(0);
            topic.partitions().stream().filter(p -> p.partitionIndex() >= 0 && p.partitionIndex() < partitions)
                    .forEach(p -> known.add(new TopicPartition(topic.name(), p.partitionIndex())));
        }
        return groups.deleteOffsets(data.groupId(), known).thenApply(result -> Optional.of(respond(data, result)));
    }

    private static OffsetDeleteResponseData respond(OffsetDeleteRequestData data, OffsetDeleteResult result) {
        OffsetDeleteResponseData response = new OffsetDeleteResponseData().setErrorCode(result.groupError().code());
        if (result.groupError() != Errors.NONE) {
            return response;
        }
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : data.topics()) {
            OffsetDeleteResponseData.OffsetDeleteResponseTopic topicResponse =
                    new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(topic.name());
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : topic.partitions()) {
                Errors error = result.partitions().getOrDefault(new TopicPartition(topic.name(), p.partitionIndex()),
                        Errors.UNKNOWN_TOPIC_OR_PARTITION);
                topicResponse.partitions().add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code()));
            }
            response.topics().add(topicResponse);
        }
        return response;
    }
}
