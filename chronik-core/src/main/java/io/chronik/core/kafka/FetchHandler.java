package io.chronik.core.kafka;

import io.chronik.core.log.LogRead;
import io.chronik.core.log.OffsetOutOfRangeException;
import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.metadata.TopicInfo;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Fetch for consumers: returns the stored batches unchanged from the batch containing each
 * partition's fetch offset, bounded by {@code partition_max_bytes} and the response's
 * {@code max_bytes} (the first batch of the response is returned even if larger, so consumers
 * always progress; a later partition's oversized batch waits for the next fetch).
 *
 * <p>Long poll: when fewer than {@code min_bytes} are available the request waits in
 * {@link DelayedFetches} until appends bring enough or {@code max_wait_ms} passes. Errors answer
 * at once, as does a replica that does not lead and a node without a replica of the partition
 * ({@code NOT_LEADER_OR_FOLLOWER}, see {@link TopicManager#notHostedError}) or a request
 * whose {@code current_leader_epoch} is older ({@code FENCED_LEADER_EPOCH}) or newer
 * ({@code UNKNOWN_LEADER_EPOCH}) than the replica's. Consumers read only below the high watermark
 * (the replicas' commit point), which is also the last stable offset (no transactions); a long poll
 * is woken when it moves. Fetch sessions (KIP-227) are not kept: every response carries session id 0, which
 * tells clients to send full requests; a request for an existing session gets
 * {@code FETCH_SESSION_ID_NOT_FOUND}. Topics are named (v4–v12) or identified by id (v13+).
 *
 * <p>Records are carried as {@link SpanRecords}, the WAL's file regions, which the response encoding
 * ({@link ResponseFrames#encodeChunked}) leaves in place for the network layer to send from the file.
 */
final class FetchHandler implements ApiHandler {

    private final TopicManager topics;
    private final DelayedFetches delayedFetches;

    FetchHandler(TopicManager topics, DelayedFetches delayedFetches) {
        this.topics = topics;
        this.delayedFetches = delayedFetches;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    /**
     * One read over every requested partition.
     *
     * @param response  the response to send
     * @param bytes     record bytes in it
     * @param anyErrors whether a partition failed (answer at once)
     */
    private record Attempt(FetchResponseData response, int bytes, boolean anyErrors) {
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        FetchRequestData data = (FetchRequestData) request;
        short version = header.apiVersion();
        if (data.sessionId() != 0) {
            return ApiHandler.respond(new FetchResponseData()
                    .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code()));
        }
        Set<TopicPartition> watched = new HashSet<>();
        Attempt first = read(data, version, watched);
        if (first.bytes() >= data.minBytes() || data.maxWaitMs() <= 0 || first.anyErrors() || watched.isEmpty()) {
            return ApiHandler.respond(first.response());
        }
        return delayedFetches.await(watched, data.maxWaitMs(),
                () -> {
                    Attempt again = read(data, version, new HashSet<>());
                    return again.bytes() >= data.minBytes() || again.anyErrors()
                            ? Optional.of(again.response()) : Optional.empty();
                },
                () -> read(data, version, new HashSet<>()).response())
                .thenApply(Optional::of);
    }

    private Attempt read(FetchRequestData data, short version, Set<TopicPartition> watched) {
        FetchResponseData response = new FetchResponseData();
        int remaining = data.maxBytes();
        int total = 0;
        boolean anyErrors = false;
        for (FetchRequestData.FetchTopic fetchTopic : data.topics()) {
            Optional<TopicInfo> topic = version >= 13 ? topics.topic(fetchTopic.topicId()) : topics.topic(fetchTopic.topic());
            FetchResponseData.FetchableTopicResponse topicResponse = new FetchResponseData.FetchableTopicResponse()
                    .setTopic(fetchTopic.topic())
                    .setTopicId(fetchTopic.topicId());
            response.responses().add(topicResponse);
            for (FetchRequestData.FetchPartition partition : fetchTopic.partitions()) {
                PartitionData result;
                if (topic.isEmpty()) {
                    result = error(partition.partition(), version >= 13 ? Errors.UNKNOWN_TOPIC_ID
                            : Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    TopicPartition tp = new TopicPartition(topic.get().name(), partition.partition());
                    Optional<PartitionLog> log = topics.partition(tp);
                    if (log.isEmpty()) {
                        result = error(partition.partition(), topics.notHostedError(tp));
                    } else {
                        watched.add(tp);
                        result = readPartition(log.get(), partition, remaining, total == 0);
                    }
                }
                anyErrors |= result.errorCode() != Errors.NONE.code();
                int size = result.records().sizeInBytes();
                total += size;
                remaining = Math.max(0, remaining - size);
                topicResponse.partitions().add(result);
            }
        }
        return new Attempt(response, total, anyErrors);
    }

    private PartitionData readPartition(PartitionLog log, FetchRequestData.FetchPartition partition, int remaining,
                                        boolean firstData) {
        Optional<Errors> leaderError = leaderError(partition.currentLeaderEpoch(), log);
        if (leaderError.isPresent()) {
            return error(partition.partition(), leaderError.get());
        }
        LogRead read;
        try {
            // With the response full, read nothing: the log still reports its offsets.
            int limit = !firstData && remaining == 0 ? 0 : Math.min(partition.partitionMaxBytes(), remaining);
            read = log.read(partition.fetchOffset(), limit);
        } catch (OffsetOutOfRangeException e) {
            return error(partition.partition(), Errors.OFFSET_OUT_OF_RANGE);
        }
        BaseRecords records = !firstData && read.sizeInBytes() > remaining
                ? MemoryRecords.EMPTY : new SpanRecords(read.records());
        return new PartitionData()
                .setPartitionIndex(partition.partition())
                .setHighWatermark(read.highWatermark())
                .setLastStableOffset(read.highWatermark())
                .setLogStartOffset(read.logStartOffset())
                .setRecords(records);
    }

    /**
     * Kafka's check before serving a client from a partition's leader: the leader-epoch check
     * ({@link #epochError}), then {@code NOT_LEADER_OR_FOLLOWER} if this replica does not lead.
     */
    static Optional<Errors> leaderError(int requestEpoch, PartitionLog log) {
        Optional<Errors> epochError = epochError(requestEpoch, log.leaderEpoch());
        if (epochError.isPresent() || log.isLeader()) {
            return epochError;
        }
        return Optional.of(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    /** Kafka's leader-epoch check: -1 skips it; an older epoch is fenced, a newer one unknown. */
    static Optional<Errors> epochError(int requestEpoch, int leaderEpoch) {
        if (requestEpoch == -1 || requestEpoch == leaderEpoch) {
            return Optional.empty();
        }
        return Optional.of(requestEpoch < leaderEpoch ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH);
    }

    private static PartitionData error(int partition, Errors error) {
        return new PartitionData()
                .setPartitionIndex(partition)
                .setErrorCode(error.code())
                .setHighWatermark(-1)
                .setLastStableOffset(-1)
                .setLogStartOffset(-1)
                .setRecords(MemoryRecords.EMPTY);
    }
}
