package io.chronik.core.group;

import io.chronik.core.log.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrative side of the groups a {@link GroupCoordinator} holds: listing, describing,
 * deleting groups and deleting committed offsets. Deletions are tombstones in
 * {@link OffsetsTopic}, answered once durable.
 *
 * <h2>Threading</h2>
 * Request threads call in; each group is guarded by its own monitor, as in the coordinator. WAL
 * continuations that touch a group run on the coordinator's scheduler thread.
 */
public final class GroupAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(GroupAdmin.class);

    private final Map<String, ClassicGroup> groups;
    private final OffsetsTopic topic;
    private final Executor continuations;
    private final HostedPartitions hosted;

    GroupAdmin(Map<String, ClassicGroup> groups, OffsetsTopic topic, Executor continuations, HostedPartitions hosted) {
        this.groups = groups;
        this.topic = topic;
        this.continuations = continuations;
        this.hosted = hosted;
    }

    private Errors coordinatorError(String groupId) {
        return hosted.errorFor(topic.partitionFor(groupId));
    }

    /**
     * OffsetDelete: removes committed offsets of an empty group, or of a consumer group for topics
     * none of its members subscribes to.
     */
    public CompletableFuture<OffsetDeleteResult> deleteOffsets(String groupId, Set<TopicPartition> partitions) {
        Errors error = coordinatorError(groupId);
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(OffsetDeleteResult.failed(error));
        }
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return CompletableFuture.completedFuture(OffsetDeleteResult.failed(Errors.GROUP_ID_NOT_FOUND));
        }
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return CompletableFuture.completedFuture(OffsetDeleteResult.failed(Errors.GROUP_ID_NOT_FOUND));
            }
            Set<String> subscribed = Set.of();
            if (!group.is(GroupState.EMPTY)) {
                Optional<Set<String>> topics = group.subscribedTopics(ConsumerSubscriptions::topics);
                if (topics.isEmpty()) {
                    return CompletableFuture.completedFuture(OffsetDeleteResult.failed(Errors.NON_EMPTY_GROUP));
                }
                subscribed = topics.get();
            }
            Map<TopicPartition, Errors> results = new HashMap<>();
            List<GroupRecord> tombstones = new ArrayList<>();
            Set<TopicPartition> removed = new HashSet<>();
            for (TopicPartition tp : partitions) {
                if (subscribed.contains(tp.topic())) {
                    results.put(tp, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                } else {
                    results.put(tp, Errors.NONE);
                    if (group.offsets.containsKey(tp)) {
                        tombstones.add(new GroupRecord.OffsetTombstone(groupId, tp.topic(), tp.partition()));
                        removed.add(tp);
                    }
                }
            }
            if (tombstones.isEmpty()) {
                return CompletableFuture.completedFuture(new OffsetDeleteResult(Errors.NONE, results));
            }
            return topic.append(groupId, tombstones).handleAsync((done, failure) -> {
                if (failure != null) {
                    LOG.error("Could not delete offsets of group {}", groupId, failure);
                    return OffsetDeleteResult.failed(Errors.COORDINATOR_NOT_AVAILABLE);
                }
                synchronized (group) {
                    removed.forEach(group.offsets::remove);
                }
                return new OffsetDeleteResult(Errors.NONE, results);
            }, continuations);
        }
    }

    /** Every live group this node coordinates. */
    public List<GroupOverview> listGroups() {
        List<GroupOverview> result = new ArrayList<>();
        for (ClassicGroup group : groups.values()) {
            synchronized (group) {
                if (!group.is(GroupState.DEAD)) {
                    result.add(new GroupOverview(group.groupId, group.protocolType.orElse(""), group.state));
                }
            }
        }
        return result;
    }

    /**
     * DescribeGroups for one group: members with their metadata and assignment once the group is
     * Stable; an unknown group is Dead ({@code GROUP_ID_NOT_FOUND} from v6, as in Kafka).
     */
    public DescribeGroupsResponseData.DescribedGroup describeGroup(String groupId, short version) {
        DescribeGroupsResponseData.DescribedGroup described = new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(groupId);
        Errors error = coordinatorError(groupId);
        if (error != Errors.NONE) {
            return described.setGroupState(GroupState.DEAD.displayName()).setErrorCode(error.code());
        }
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return described.setGroupState(GroupState.DEAD.displayName())
                    .setErrorCode(version >= 6 ? Errors.GROUP_ID_NOT_FOUND.code() : Errors.NONE.code())
                    .setErrorMessage(version >= 6 ? "Group " + groupId + " not found." : null);
        }
        synchronized (group) {
            boolean stable = group.is(GroupState.STABLE);
            described.setGroupState(group.state.displayName())
                    .setProtocolType(group.protocolType.orElse(""))
                    .setProtocolData(stable ? group.protocol.orElse("") : "");
            for (Member member : group.members.values()) {
                described.members().add(new DescribeGroupsResponseData.DescribedGroupMember()
                        .setMemberId(member.memberId)
                        .setGroupInstanceId(member.groupInstanceId.orElse(null))
                        .setClientId(member.clientId)
                        .setClientHost(member.clientHost)
                        .setMemberMetadata(stable ? member.metadata(group.protocol.orElse("")) : Member.NO_BYTES)
                        .setMemberAssignment(stable ? member.assignment : Member.NO_BYTES));
            }
            return described;
        }
    }

    /** DeleteGroups for one group: only an empty group can go; its offsets are tombstoned. */
    public CompletableFuture<Errors> deleteGroup(String groupId) {
        Errors error = coordinatorError(groupId);
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(error);
        }
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
        }
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
            }
            if (!group.is(GroupState.EMPTY)) {
                return CompletableFuture.completedFuture(Errors.NON_EMPTY_GROUP);
            }
            List<GroupRecord> tombstones = new ArrayList<>();
            group.offsets.keySet().forEach(tp ->
                    tombstones.add(new GroupRecord.OffsetTombstone(groupId, tp.topic(), tp.partition())));
            tombstones.add(new GroupRecord.GroupTombstone(groupId));
            group.state = GroupState.DEAD;
            group.offsets.clear();
            groups.remove(groupId, group);
            LOG.info("Deleted group {}", groupId);
            return topic.append(groupId, tombstones).handle((done, failure) -> {
                if (failure != null) {
                    LOG.error("Could not store the deletion of group {}", groupId, failure);
                    return Errors.COORDINATOR_NOT_AVAILABLE;
                }
                return Errors.NONE;
            });
        }
    }
}
