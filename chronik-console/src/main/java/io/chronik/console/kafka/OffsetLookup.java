package io.chronik.console.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Looks up partition offsets (ListOffsets) for many partitions in one call per spec. Partitions that
 * do not exist (any more) are left out of the answers.
 */
final class OffsetLookup {

    private OffsetLookup() {
    }

    /** Each partition's log start offset. */
    static Map<TopicPartition, Long> earliest(Admin admin, Collection<TopicPartition> partitions) {
        return lookup(admin, partitions, OffsetSpec.earliest());
    }

    /** Each partition's high watermark. */
    static Map<TopicPartition, Long> latest(Admin admin, Collection<TopicPartition> partitions) {
        return lookup(admin, partitions, OffsetSpec.latest());
    }

    /**
     * Each partition's first offset with a timestamp at or after {@code timestampMs}; -1 where no
     * record is that new.
     */
    static Map<TopicPartition, Long> forTimestamp(Admin admin, Collection<TopicPartition> partitions, long timestampMs) {
        return lookup(admin, partitions, OffsetSpec.forTimestamp(timestampMs));
    }

    private static Map<TopicPartition, Long> lookup(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        // The admin client retries a partition of an unknown topic until it times out: ask only for live topics.
        Set<String> topics = KafkaCalls.await(admin.listTopics(new ListTopicsOptions().listInternal(true)).names(),
                "listing topics");
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .filter(tp -> topics.contains(tp.topic()))
                .collect(Collectors.toMap(Function.identity(), tp -> spec, (a, b) -> a));
        if (request.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answers =
                KafkaCalls.await(admin.listOffsets(request).all(), "listing offsets");
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answers.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }
}
