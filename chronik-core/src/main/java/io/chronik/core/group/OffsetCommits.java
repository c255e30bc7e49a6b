package io.chronik.core.group;

import io.chronik.core.log.TopicPartition;
import io.chronik.spi.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed offsets of the groups: OffsetCommit, validated against the group's members and
 * generation, answered once its records are durable in {@link OffsetsTopic}, and OffsetFetch.
 *
 * <h2>Threading</h2>
 * Request threads call in and hold the group's monitor; the continuation of the WAL append runs on
 * the coordinator's scheduler thread ({@code continuations}), never on a WAL thread under a group
 * lock, and takes the group's monitor itself to record the offsets.
 */
final class OffsetCommits {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommits.class);

    private final OffsetsTopic topic;
    private final Time time;
    private final Executor continuations;
    private final Map<String, ClassicGroup> groups;
    private final MemberLiveness liveness;

    OffsetCommits(OffsetsTopic topic, Time time, Executor continuations, Map<String, ClassicGroup> groups,
                  MemberLiveness liveness) {
        this.topic = topic;
        this.time = time;
        this.continuations = continuations;
        this.groups = groups;
        this.liveness = liveness;
    }

    /**
     * OffsetCommit: validates the committer against the group (generation -1 with no member id is
     * an admin or standalone commit, accepted only while the group is empty) and completes once the
     * offsets are durable.
     */
    CompletableFuture<Errors> commitOffsets(String groupId, int generation, String memberId,
                                            Optional<String> instanceId,
                                            Map<TopicPartition, CommittedOffset> offsets) {
        if (groupId == null || groupId.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.INVALID_GROUP_ID);
        }
        ClassicGroup group = generation < 0 ? groups.computeIfAbsent(groupId, ClassicGroup::new) : groups.get(groupId);
        if (group == null) {
            return CompletableFuture.completedFuture(Errors.ILLEGAL_GENERATION);
        }
        synchronized (group) {
            Optional<Errors> invalid = validateCommit(group, generation, memberId, instanceId);
            if (invalid.isPresent()) {
                group.dropIfUnused(groups);
                return CompletableFuture.completedFuture(invalid.get());
            }
            group.member(memberId).ifPresent(m -> liveness.scheduleSessionTimeout(group, m, time.milliseconds()));
            if (offsets.isEmpty()) {
                return CompletableFuture.completedFuture(Errors.NONE);
            }
            List<GroupRecord> records = new ArrayList<>();
            offsets.forEach((tp, offset) ->
                    records.add(new GroupRecord.OffsetCommit(groupId, tp.topic(), tp.partition(), offset)));
            return topic.append(groupId, records).handleAsync((done, failure) -> {
                if (failure != null) {
                    LOG.error("Could not store offsets of group {}", groupId, failure);
                    return Errors.COORDINATOR_NOT_AVAILABLE;
                }
                synchronized (group) {
                    if (!group.is(GroupState.DEAD)) {
                        group.offsets.putAll(offsets);
                    }
                }
                return Errors.NONE;
            }, continuations);
        }
    }

    private Optional<Errors> validateCommit(ClassicGroup group, int generation, String memberId,
                                            Optional<String> instanceId) {
        if (group.is(GroupState.DEAD)) {
            return Optional.of(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        if (generation >= 0 || !memberId.isEmpty() || instanceId.isPresent()) {
            Optional<Errors> invalid = group.validateMember(memberId, instanceId);
            if (invalid.isPresent()) {
                return invalid;
            }
            if (generation != group.generation) {
                return Optional.of(Errors.ILLEGAL_GENERATION);
            }
        } else if (!group.is(GroupState.EMPTY)) {
            return Optional.of(Errors.UNKNOWN_MEMBER_ID);
        }
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            return Optional.of(Errors.REBALANCE_IN_PROGRESS);
        }
        return Optional.empty();
    }

    /** The group's committed offsets; empty for a group that does not exist. */
    Map<TopicPartition, CommittedOffset> committedOffsets(String groupId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return Map.of();
        }
        synchronized (group) {
            return Map.copyOf(group.offsets);
        }
    }

}
