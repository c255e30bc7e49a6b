package io.chronik.core.kafka;

import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.metadata.TopicInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * DescribeLogDirs: the stored size of each partition and how far its log end runs ahead of its high
 * watermark ({@code OffsetLag}), which tools such as {@code kafka-log-dirs.sh} and web consoles read.
 *
 * <p>Chronik keeps every partition in its one WAL, so the node reports a single log dir,
 * {@value #LOG_DIR}; partition sizes are the storage each partition's WAL log occupies. Volume sizes
 * ({@code TotalBytes}, {@code UsableBytes}) are not reported (-1). Partitions a request names that
 * do not exist are left out, as Kafka does.
 */
final class DescribeLogDirsHandler implements ApiHandler {

    /** The one log dir reported: the WAL holds every partition. */
    static final String LOG_DIR = "wal";

    private final TopicManager topics;

    DescribeLogDirsHandler(TopicManager topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_LOG_DIRS;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        DescribeLogDirsRequestData data = (DescribeLogDirsRequestData) request;
        DescribeLogDirsResponseData.DescribeLogDirsResult dir = new DescribeLogDirsResponseData.DescribeLogDirsResult()
                .setLogDir(LOG_DIR);
        if (data.topics() == null) {
            for (TopicInfo topic : topics.topics()) {
                describe(topic.name(), IntStream.range(0, topic.partitions()).boxed().toList()).ifPresent(dir.topics()::add);
            }
        } else {
            for (DescribeLogDirsRequestData.DescribableLogDirTopic wanted : data.topics()) {
                describe(wanted.topic(), wanted.partitions()).ifPresent(dir.topics()::add);
            }
        }
        return ApiHandler.respond(new DescribeLogDirsResponseData().setResults(List.of(dir)));
    }

    private Optional<DescribeLogDirsTopic> describe(String topic, List<Integer> partitions) {
        DescribeLogDirsTopic described = new DescribeLogDirsTopic().setName(topic);
        for (int index : partitions) {
            Optional<PartitionLog> log = topics.partition(new TopicPartition(topic, index));
            log.ifPresent(found -> described.partitions().add(new DescribeLogDirsPartition()
                    .setPartitionIndex(index)
                    .setPartitionSize(found.sizeInBytes())
                    .setOffsetLag(found.logEndOffset() - found.highWatermark())));
        }
        return described.partitions().isEmpty() ? Optional.empty() : Optional.of(described);
    }
}
