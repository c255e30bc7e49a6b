package io.chronik.core.kafka;

import io.chronik.core.metadata.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * DeleteTopics by name (v0–v5: {@code topic_names}; v6: {@code topics}) or by id (v6). An unknown
 * name is {@code UNKNOWN_TOPIC_OR_PARTITION}, an unknown id {@code UNKNOWN_TOPIC_ID}.
 */
final class DeleteTopicsHandler implements ApiHandler {

    private final TopicManager topics;

    DeleteTopicsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    @Override
    public boolean waitsForController(RequestHeader header, ApiMessage request) {
        return true; // a metadata write
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        DeleteTopicsRequestData data = (DeleteTopicsRequestData) request;
        List<DeleteTopicsRequestData.DeleteTopicState> targets = new ArrayList<>(data.topics());
        data.topicNames().forEach(name -> targets.add(new DeleteTopicsRequestData.DeleteTopicState().setName(name)));
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        for (DeleteTopicsRequestData.DeleteTopicState target : targets) {
            response.responses().add(delete(target));
        }
        return ApiHandler.respond(response);
    }

    private DeletableTopicResult delete(DeleteTopicsRequestData.DeleteTopicState target) {
        boolean byId = target.name() == null && !Uuid.ZERO_UUID.equals(target.topicId());
        Optional<TopicInfo> topic = byId ? topics.topic(target.topicId()) : topics.topic(target.name());
        DeletableTopicResult result = new DeletableTopicResult().setName(target.name()).setTopicId(target.topicId());
        if (topic.isEmpty()) {
            Errors error = byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            return result.setErrorCode(error.code()).setErrorMessage(error.message());
        }
        if (TopicNames.isInternal(topic.get().name())) {
            return result.setName(topic.get().name()).setTopicId(topic.get().topicId())
                    .setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code())
                    .setErrorMessage("Topic " + topic.get().name() + " is internal and cannot be deleted");
        }
        TopicResult deleted = topics.delete(topic.get());
        return result.setName(topic.get().name())
                .setTopicId(topic.get().topicId())
                .setErrorCode(deleted.error().code())
                .setErrorMessage(deleted.message().orElse(null));
    }
}
