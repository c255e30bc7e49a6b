package io.chronik.core.kafka;

import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.TopicPartition;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * OffsetForLeaderEpoch, which consumers use to validate their position after a leader change (and
 * librdkafka after every metadata epoch bump): answered by the partition's leader from the epochs of
 * its stored batches (the replica's epoch cache), as Kafka does: for the current epoch the log end,
 * for an earlier one the largest epoch not above it and the offset where the next epoch starts (a
 * consumer that read past it truncates there), nothing for an unknown ({@code -1}) or newer epoch.
 */
final class OffsetForLeaderEpochHandler implements ApiHandler {

    private static final int UNDEFINED_EPOCH = -1;
    private static final long UNDEFINED_OFFSET = -1;

    private final TopicManager topics;

    OffsetForLeaderEpochHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        OffsetForLeaderEpochRequestData data = (OffsetForLeaderEpochRequestData) request;
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic topic : data.topics()) {
            OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult result =
                    new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(topic.topic());
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition partition : topic.partitions()) {
                result.partitions().add(endOffset(topic.topic(), partition));
            }
            response.topics().add(result);
        }
        return ApiHandler.respond(response);
    }

    private EpochEndOffset endOffset(String topic, OffsetForLeaderEpochRequestData.OffsetForLeaderPartition partition) {
        EpochEndOffset result = new EpochEndOffset().setPartition(partition.partition())
                .setLeaderEpoch(UNDEFINED_EPOCH).setEndOffset(UNDEFINED_OFFSET);
        TopicPartition tp = new TopicPartition(topic, partition.partition());
        Optional<PartitionLog> found = topics.partition(tp);
        if (found.isEmpty()) {
            return result.setErrorCode(topics.notHostedError(tp).code());
        }
        PartitionLog log = found.get();
        Optional<Errors> leaderError = FetchHandler.leaderError(partition.currentLeaderEpoch(), log);
        if (leaderError.isPresent()) {
            return result.setErrorCode(leaderError.get().code());
        }
        if (partition.leaderEpoch() < 0) {
            return result;
        }
        return log.endOffsetFor(partition.leaderEpoch())
                .map(end -> result.setLeaderEpoch(end.epoch()).setEndOffset(end.endOffset()))
                .orElse(result);
    }
}
