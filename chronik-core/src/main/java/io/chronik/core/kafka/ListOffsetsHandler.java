package io.chronik.core.kafka;

import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.TimestampOffset;
import io.chronik.core.log.TopicPartition;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * ListOffsets: earliest ({@code -2}, and {@code -4} "earliest local", the same without tiered
 * storage), latest ({@code -1}: the high watermark), max timestamp ({@code -3}), the tiered-storage
 * specs ({@code -5}, {@code -6}: no offset, as from Kafka with tiered storage off), and lookup by
 * timestamp (the first record at or after it, or no offset if none).
 */
final class ListOffsetsHandler implements ApiHandler {

    private final TopicManager topics;

    ListOffsetsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        ListOffsetsRequestData data = (ListOffsetsRequestData) request;
        short version = header.apiVersion();
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsRequestData.ListOffsetsTopic topic : data.topics()) {
            ListOffsetsResponseData.ListOffsetsTopicResponse topicResponse =
                    new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(topic.name());
            response.topics().add(topicResponse);
            for (ListOffsetsRequestData.ListOffsetsPartition partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                Optional<PartitionLog> log = topics.partition(tp);
                ListOffsetsPartitionResponse result = new ListOffsetsPartitionResponse()
                        .setPartitionIndex(partition.partitionIndex());
                if (log.isEmpty()) {
                    result.setErrorCode(topics.notHostedError(tp).code());
                } else {
                    answer(log.get(), partition, version, result);
                }
                topicResponse.partitions().add(result);
            }
        }
        return ApiHandler.respond(response);
    }

    private static void answer(PartitionLog log, ListOffsetsRequestData.ListOffsetsPartition partition, short version,
                               ListOffsetsPartitionResponse result) {
        Optional<Errors> epochError = FetchHandler.leaderError(version >= 4 ? partition.currentLeaderEpoch() : -1,
                log);
        if (epochError.isPresent()) {
            result.setErrorCode(epochError.get().code());
            return;
        }
        long spec = partition.timestamp();
        Optional<TimestampOffset> found;
        if (spec == ListOffsetsRequest.EARLIEST_TIMESTAMP || spec == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            found = Optional.of(new TimestampOffset(-1, log.logStartOffset()));
        } else if (spec == ListOffsetsRequest.LATEST_TIMESTAMP) {
            found = Optional.of(new TimestampOffset(-1, log.highWatermark()));
        } else if (spec == ListOffsetsRequest.MAX_TIMESTAMP) {
            found = log.maxTimestamp();
        } else if (spec < 0) {
            found = Optional.empty();
        } else {
            found = log.offsetForTimestamp(spec);
        }
        result.setTimestamp(found.map(TimestampOffset::timestamp).orElse(-1L))
                .setOffset(found.map(TimestampOffset::offset).orElse(-1L));
        if (version >= 4) {
            result.setLeaderEpoch(log.leaderEpoch());
        }
    }
}
