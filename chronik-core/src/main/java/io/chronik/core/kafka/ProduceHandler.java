package io.chronik.core.kafka;

import io.chronik.core.log.AppendedBatch;
import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.metadata.TopicInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produce: validates each partition's batch ({@link BatchValidator}), appends it to the partition
 * log (which assigns offsets in call order) and answers once every appended batch is durable. With
 * {@code acks=0} nothing is answered; with {@code acks=1} or {@code -1} (equivalent on one node) the
 * response waits for the WAL futures. Topics are named (v3–v12) or identified by id (v13+).
 */
final class ProduceHandler implements ApiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProduceHandler.class);

    private final TopicManager topics;
    private final int maxMessageBytes;

    ProduceHandler(TopicManager topics, int maxMessageBytes) {
        this.topics = topics;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    /** One partition's answer, completed when its batch is durable or refused. */
    private record PendingPartition(ProduceResponseData.TopicProduceResponse topic,
                                    CompletableFuture<PartitionProduceResponse> response) {
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        ProduceRequestData data = (ProduceRequestData) request;
        short acks = data.acks();
        boolean validAcks = acks == 0 || acks == 1 || acks == -1;
        ProduceResponseData response = new ProduceResponseData();
        List<PendingPartition> pending = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData topicData : data.topicData()) {
            Optional<TopicInfo> topic = resolve(topicData, header.apiVersion());
            ProduceResponseData.TopicProduceResponse topicResponse = new ProduceResponseData.TopicProduceResponse()
                    .setName(topicData.name())
                    .setTopicId(topicData.topicId());
            response.responses().add(topicResponse);
            for (ProduceRequestData.PartitionProduceData partitionData : topicData.partitionData()) {
                CompletableFuture<PartitionProduceResponse> result;
                if (!validAcks) {
                    result = failed(partitionData.index(), Errors.INVALID_REQUIRED_ACKS, "acks must be 0, 1 or -1");
                } else if (topic.isEmpty()) {
                    Errors error = header.apiVersion() >= 13 ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    result = failed(partitionData.index(), error, error.message());
                } else {
                    result = append(topic.get(), partitionData);
                }
                pending.add(new PendingPartition(topicResponse, result));
            }
        }
        if (acks == 0) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CompletableFuture<?>[] all = pending.stream().map(PendingPartition::response).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).thenApply(done -> {
            pending.forEach(p -> p.topic().partitionResponses().add(p.response().join()));
            return Optional.of(response);
        });
    }

    private Optional<TopicInfo> resolve(ProduceRequestData.TopicProduceData topicData, short version) {
        if (version >= 13) {
            return Uuid.ZERO_UUID.equals(topicData.topicId()) ? Optional.empty() : topics.topic(topicData.topicId());
        }
        return topics.topic(topicData.name());
    }

    private CompletableFuture<PartitionProduceResponse> append(TopicInfo topic,
                                                               ProduceRequestData.PartitionProduceData data) {
        TopicPartition tp = new TopicPartition(topic.name(), data.index());
        if (TopicNames.isInternal(topic.name())) {
            return failed(data.index(), Errors.INVALID_TOPIC_EXCEPTION, "Cannot append to internal topic " + topic.name());
        }
        Optional<PartitionLog> log = topics.partition(tp);
        if (log.isEmpty()) {
            return failed(data.index(), Errors.UNKNOWN_TOPIC_OR_PARTITION, "no partition " + tp);
        }
        BatchValidator.Result validation = BatchValidator.validate(data.records(), maxMessageBytes);
        if (validation.rejection().isPresent()) {
            BatchValidator.Rejection rejection = validation.rejection().get();
            LOG.debug("Rejected batch for {}: {}", tp, rejection.message());
            return failed(data.index(), rejection.error(), rejection.message());
        }
        AppendedBatch appended = log.get().append(validation.batch().orElseThrow());
        return appended.durable().handle((offset, failure) -> {
            if (failure != null) {
                LOG.error("Append to {} failed", tp, failure);
                return error(data.index(), Errors.KAFKA_STORAGE_ERROR, "write-ahead log failed: " + failure.getMessage());
            }
            return new PartitionProduceResponse()
                    .setIndex(data.index())
                    .setBaseOffset(appended.baseOffset())
                    .setLogStartOffset(log.get().logStartOffset());
        });
    }

    private static CompletableFuture<PartitionProduceResponse> failed(int partition, Errors error, String message) {
        return CompletableFuture.completedFuture(error(partition, error, message));
    }

    private static PartitionProduceResponse error(int partition, Errors error, String message) {
        return new PartitionProduceResponse()
                .setIndex(partition)
                .setErrorCode(error.code())
                .setErrorMessage(message)
                .setBaseOffset(-1)
                .setLogStartOffset(-1);
    }
}
