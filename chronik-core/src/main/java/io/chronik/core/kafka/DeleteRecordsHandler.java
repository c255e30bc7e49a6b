package io.chronik.core.kafka;

import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.metadata.TopicInfo;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * DeleteRecords: moves a partition's log start offset up to the requested offset ({@code -1} means
 * the high watermark), persisted in the metadata log before the partition log frees storage
 * ({@link TopicManager#deleteRecords}). An offset above the high watermark is
 * {@code OFFSET_OUT_OF_RANGE}; one at or below the current log start changes nothing. The answer is
 * the partition's new low watermark (log start offset).
 */
final class DeleteRecordsHandler implements ApiHandler {

    private static final long HIGH_WATERMARK = -1;

    private final TopicManager topics;

    DeleteRecordsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_RECORDS;
    }

    @Override
    public boolean waitsForController(RequestHeader header, ApiMessage request) {
        return true; // a metadata write
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        DeleteRecordsRequestData data = (DeleteRecordsRequestData) request;
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        for (DeleteRecordsRequestData.DeleteRecordsTopic topic : data.topics()) {
            DeleteRecordsTopicResult topicResult = new DeleteRecordsTopicResult().setName(topic.name());
            response.topics().add(topicResult);
            Optional<TopicInfo> info = topics.topic(topic.name());
            for (DeleteRecordsRequestData.DeleteRecordsPartition partition : topic.partitions()) {
                DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult()
                        .setPartitionIndex(partition.partitionIndex())
                        .setLowWatermark(-1);
                topicResult.partitions().add(result);
                TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                Optional<PartitionLog> log = topics.partition(tp);
                if (log.isEmpty() || info.isEmpty()) {
                    result.setErrorCode(topics.notHostedError(tp).code());
                    continue;
                }
                Errors error = delete(info.get(), partition, log.get());
                result.setErrorCode(error.code());
                if (error == Errors.NONE) {
                    result.setLowWatermark(log.get().logStartOffset());
                }
            }
        }
        return ApiHandler.respond(response);
    }

    private Errors delete(TopicInfo topic, DeleteRecordsRequestData.DeleteRecordsPartition partition,
                          PartitionLog log) {
        long highWatermark = log.highWatermark();
        long offset = partition.offset() == HIGH_WATERMARK ? highWatermark : partition.offset();
        if (offset < 0 || offset > highWatermark) {
            return Errors.OFFSET_OUT_OF_RANGE;
        }
        if (offset <= log.logStartOffset()) {
            return Errors.NONE;
        }
        return topics.deleteRecords(topic, partition.partitionIndex(), offset).error();
    }
}
