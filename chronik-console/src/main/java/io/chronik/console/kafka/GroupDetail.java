package io.chronik.console.kafka;

import java.util.List;
import java.util.Optional;

/**
 * Everything the console shows about one consumer group.
 *
 * @param groupId     the group id
 * @param state       its state ({@code Stable}, {@code Empty}, ...)
 * @param assignor    the partition assignor its members agreed on, empty when none
 * @param coordinator the node id of its coordinator, -1 if unknown
 * @param members     its members and their assignments
 * @param offsets     its committed offsets with their lag, by topic and partition
 * @param totalLag    the sum of the lag over {@code offsets}
 */
public record GroupDetail(String groupId, String state, Optional<String> assignor, int coordinator,
                          List<Member> members, List<PartitionLag> offsets, long totalLag) {

    public GroupDetail {
        members = List.copyOf(members);
        offsets = List.copyOf(offsets);
    }

    /**
     * One member of a group.
     *
     * @param memberId   the id the coordinator gave it
     * @param clientId   the client id the consumer set
     * @param host       the host it connected from
     * @param assignment its assigned partitions, as {@code topic-partition}
     */
    public record Member(String memberId, String clientId, String host, List<String> assignment) {

        public Member {
            assignment = List.copyOf(assignment);
        }
    }

    /**
     * A committed offset and how far it is behind the partition's high watermark.
     *
     * @param topic         the topic
     * @param partition     the partition
     * @param committed     the group's committed offset
     * @param highWatermark the partition's high watermark, -1 if the partition no longer exists
     * @param lag           {@code highWatermark - committed}, never negative (0 for a partition that no longer exists)
     * @param member        the member assigned this partition, if any
     */
    public record PartitionLag(String topic, int partition, long committed, long highWatermark, long lag,
                               Optional<String> member) {
    }
}
