package io.chronik.console.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer group management through the Kafka admin protocol: list with lag, describe members,
 * assignments and lag, reset the committed offsets of an empty group, and delete a group. Lag is the
 * partition's high watermark minus the group's committed offset.
 *
 * <p>Thread-safe; every call blocks for a few Kafka round trips.
 */
public final class GroupAdmin {

    private final KafkaClients clients;
    private final TopicAdmin topics;

    public GroupAdmin(KafkaClients clients, TopicAdmin topics) {
        this.clients = clients;
        this.topics = topics;
    }

    /** Every group, sorted by id, with its member count and total lag. */
    public List<GroupSummary> list() {
        Admin admin = clients.admin();
        List<String> ids = KafkaCalls.await(admin.listGroups().all(), "listing groups").stream()
                .map(GroupListing::groupId).sorted().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, ConsumerGroupDescription> described = KafkaCalls.await(admin.describeConsumerGroups(ids).all(),
                "describing groups");
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = committed(admin, ids);
        Map<TopicPartition, Long> ends = OffsetLookup.latest(admin, committed.values().stream()
                .flatMap(offsets -> offsets.keySet().stream()).collect(Collectors.toSet()));
        return ids.stream().map(id -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = committed.getOrDefault(id, Map.of());
            ConsumerGroupDescription group = described.get(id);
            return new GroupSummary(id, state(group), group == null ? 0 : group.members().size(), offsets.size(),
                    offsets.entrySet().stream().mapToLong(e -> lag(e.getValue(), ends.get(e.getKey()))).sum());
        }).toList();
    }

    /** One group with its members, assignments and lag per partition. */
    public GroupDetail describe(String groupId) {
        Admin admin = clients.admin();
        ConsumerGroupDescription group = KafkaCalls.await(admin.describeConsumerGroups(List.of(groupId)).all(),
                "describing group " + groupId).get(groupId);
        Map<TopicPartition, OffsetAndMetadata> offsets = committed(admin, List.of(groupId)).getOrDefault(groupId, Map.of());
        if (group.groupState() == GroupState.DEAD && offsets.isEmpty()) {
            throw new ConsoleRequestException(ConsoleRequestException.Kind.NOT_FOUND, "no group " + groupId);
        }
        Map<TopicPartition, String> owners = new HashMap<>();
        List<GroupDetail.Member> members = new ArrayList<>();
        for (MemberDescription member : group.members()) {
            Set<TopicPartition> assigned = member.assignment().topicPartitions();
            assigned.forEach(tp -> owners.put(tp, member.consumerId()));
            members.add(new GroupDetail.Member(member.consumerId(), member.clientId(), member.host(),
                    assigned.stream().sorted(Comparator.comparing(TopicPartition::topic)
                            .thenComparingInt(TopicPartition::partition)).map(TopicPartition::toString).toList()));
        }
        Map<TopicPartition, Long> ends = OffsetLookup.latest(admin, offsets.keySet());
        List<GroupDetail.PartitionLag> lags = offsets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)))
                .map(e -> new GroupDetail.PartitionLag(e.getKey().topic(), e.getKey().partition(), e.getValue().offset(),
                        ends.getOrDefault(e.getKey(), -1L), lag(e.getValue(), ends.get(e.getKey())),
                        Optional.ofNullable(owners.get(e.getKey()))))
                .toList();
        String assignor = group.partitionAssignor();
        return new GroupDetail(groupId, state(group), assignor == null || assignor.isEmpty() ? Optional.empty()
                : Optional.of(assignor), group.coordinator() == null ? -1 : group.coordinator().id(), members, lags,
                lags.stream().mapToLong(GroupDetail.PartitionLag::lag).sum());
    }

    /**
     * Moves the committed offsets of an empty group.
     *
     * @return the new committed offsets
     * @throws ConsoleRequestException of kind {@code CONFLICT} if the group has members
     */
    public GroupDetail resetOffsets(String groupId, OffsetReset reset) {
        Admin admin = clients.admin();
        GroupDetail group = describe(groupId);
        if (!group.members().isEmpty() || !"Empty".equals(group.state())) {
            throw new ConsoleRequestException(ConsoleRequestException.Kind.CONFLICT, "group " + groupId + " is "
                    + group.state() + " with " + group.members().size() + " members; offsets can only be reset while"
                    + " it is Empty (stop its consumers first)");
        }
        Set<TopicPartition> partitions = new HashSet<>();
        group.offsets().stream()
                .filter(lag -> reset.topic().map(lag.topic()::equals).orElse(true))
                .forEach(lag -> partitions.add(new TopicPartition(lag.topic(), lag.partition())));
        reset.topic().ifPresent(topic -> {
            int count = topics.partitionCounts(List.of(topic)).get(topic);
            IntStream.range(0, count).forEach(p -> partitions.add(new TopicPartition(topic, p)));
        });
        if (partitions.isEmpty()) {
            throw ConsoleRequestException.invalid("group " + groupId + " has no committed offsets to reset; name a topic");
        }
        Map<TopicPartition, Long> targets = targets(admin, partitions, reset.to());
        Map<TopicPartition, OffsetAndMetadata> commit = targets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        KafkaCalls.await(admin.alterConsumerGroupOffsets(groupId, commit).all(), "resetting the offsets of group " + groupId);
        return describe(groupId);
    }

    /** Deletes a group and its committed offsets; it must be empty. */
    public void delete(String groupId) {
        KafkaCalls.await(clients.admin().deleteConsumerGroups(List.of(groupId)).all(), "deleting group " + groupId);
    }

    private static Map<TopicPartition, Long> targets(Admin admin, Collection<TopicPartition> partitions, BrowseStart to) {
        Map<TopicPartition, Long> starts = OffsetLookup.earliest(admin, partitions);
        Map<TopicPartition, Long> ends = OffsetLookup.latest(admin, partitions);
        return switch (to.mode()) {
            case EARLIEST -> starts;
            case LATEST -> ends;
            case OFFSET -> partitions.stream().collect(Collectors.toMap(Function.identity(),
                    tp -> Math.min(Math.max(to.value(), starts.get(tp)), ends.get(tp))));
            case TIMESTAMP -> {
                Map<TopicPartition, Long> found = OffsetLookup.forTimestamp(admin, partitions, to.value());
                yield partitions.stream().collect(Collectors.toMap(Function.identity(),
                        tp -> found.getOrDefault(tp, -1L) < 0 ? ends.get(tp) : found.get(tp)));
            }
        };
    }

    private static Map<String, Map<TopicPartition, OffsetAndMetadata>> committed(Admin admin, List<String> groupIds) {
        Map<String, ListConsumerGroupOffsetsSpec> specs = groupIds.stream()
                .collect(Collectors.toMap(Function.identity(), id -> new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> all = KafkaCalls.await(
                admin.listConsumerGroupOffsets(specs).all(), "reading committed offsets");
        Map<String, Map<TopicPartition, OffsetAndMetadata>> present = new HashMap<>();
        // Partitions without a committed offset come back with a null value.
        all.forEach((id, offsets) -> present.put(id, offsets.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
        return present;
    }

    private static long lag(OffsetAndMetadata committed, Long end) {
        return end == null ? 0 : Math.max(0, end - committed.offset());
    }

    private static String state(ConsumerGroupDescription group) {
        return group == null ? GroupState.UNKNOWN.toString() : group.groupState().toString();
    }
}
