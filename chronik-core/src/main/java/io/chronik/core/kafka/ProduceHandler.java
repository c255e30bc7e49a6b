package io.chronik.core.kafka;

import io.chronik.core.log.AppendedBatch;
import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.metadata.TopicInfo;
import io.chronik.core.producer.ProducerSequenceException;
import io.chronik.core.raft.NotEnoughReplicasException;
import io.chronik.core.raft.NotLeaderException;
import io.chronik.core.raft.RaftException;
import io.chronik.spi.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produce: validates each partition's batch ({@link BatchValidator}), appends it to the partition
 * log (which assigns offsets in call order, and answers a retried batch of an idempotent producer
 * with the original offsets instead of storing it again) and answers once every appended batch is
 * acknowledgeable. Epoch and sequence violations get the partition's producer-state error. Only the
 * partition's leader appends: a follower answers {@code NOT_LEADER_OR_FOLLOWER} so the client
 * refreshes its metadata. The topic's configs apply: {@code max.message.bytes} bounds the batch,
 * {@code min.insync.replicas} fails {@code acks=all} with {@code NOT_ENOUGH_REPLICAS} when the ISR is
 * smaller at the append and {@code NOT_ENOUGH_REPLICAS_AFTER_APPEND} when it shrank before the
 * acknowledgement, and {@code message.timestamp.type=LogAppendTime} stamps the batch with the broker
 * clock. With {@code acks=0} nothing is answered; {@code acks=1} is answered when the leader's copy is
 * durable, {@code acks=-1} when the high watermark passes the batch (both at durability for a replica
 * set of one). Topics are named (v3–v12) or identified by id (v13+).
 */
final class ProduceHandler implements ApiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProduceHandler.class);

    private final TopicManager topics;
    private final BrokerSettings settings;
    private final Time time;

    /** @param time the clock that stamps batches of {@code LogAppendTime} topics */
    ProduceHandler(TopicManager topics, BrokerSettings settings, Time time) {
        this.topics = topics;
        this.settings = settings;
        this.time = time;
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
                    result = append(topic.get(), partitionData, acks);
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
                                                               ProduceRequestData.PartitionProduceData data,
                                                               short acks) {
        TopicPartition tp = new TopicPartition(topic.name(), data.index());
        if (TopicNames.isInternal(topic.name())) {
            return failed(data.index(), Errors.INVALID_TOPIC_EXCEPTION, "Cannot append to internal topic " + topic.name());
        }
        Optional<PartitionLog> log = topics.partition(tp);
        if (log.isEmpty()) {
            return failed(data.index(), topics.notHostedError(tp), "this node holds no replica of " + tp);
        }
        EffectiveTopicConfig config = EffectiveTopicConfig.of(topic, settings);
        BatchValidator.Result validation = BatchValidator.validate(data.records(), config.maxMessageBytes());
        if (validation.rejection().isPresent()) {
            BatchValidator.Rejection rejection = validation.rejection().get();
            LOG.debug("Rejected batch for {}: {}", tp, rejection.message());
            return failed(data.index(), rejection.error(), rejection.message());
        }
        AppendedBatch appended;
        try {
            appended = log.get().append(validation.batch().orElseThrow(),
                    config.logAppendTime() ? OptionalLong.of(time.milliseconds()) : OptionalLong.empty(), acks == -1,
                    config.minInsyncReplicas());
        } catch (ProducerSequenceException e) {
            LOG.debug("Refused batch for {}: {}", tp, e.getMessage());
            return failed(data.index(), e.error(), e.getMessage());
        } catch (NotLeaderException e) {
            return failed(data.index(), Errors.NOT_LEADER_OR_FOLLOWER, "this node does not lead " + tp);
        } catch (NotEnoughReplicasException e) {
            return failed(data.index(), Errors.NOT_ENOUGH_REPLICAS, tp + ": " + e.getMessage());
        } catch (RaftException e) {
            LOG.error("Append to {} refused", tp, e);
            return failed(data.index(), Errors.KAFKA_STORAGE_ERROR, tp + ": " + e.getMessage());
        }
        if (appended.duplicate()) {
            LOG.debug("Batch for {} is a retry of the one at offset {}", tp, appended.baseOffset());
        }
        return appended.durable().handle((offset, failure) -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof NotEnoughReplicasException) {
                return error(data.index(), Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND, tp + ": " + cause.getMessage());
            } else if (cause instanceof NotLeaderException) {
                return error(data.index(), Errors.NOT_LEADER_OR_FOLLOWER, tp + ": " + cause.getMessage());
            } else if (cause != null) {
                LOG.error("Append to {} failed", tp, cause);
                return error(data.index(), Errors.KAFKA_STORAGE_ERROR, "write-ahead log failed: " + cause.getMessage());
            }
            return new PartitionProduceResponse()
                    .setIndex(data.index())
                    .setBaseOffset(appended.baseOffset())
                    .setLogAppendTimeMs(appended.logAppendTime().orElse(RecordBatch.NO_TIMESTAMP))
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
