package io.chronik.core.group;

import io.chronik.core.log.TopicPartition;
import io.chronik.spi.Time;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic-protocol group coordinator of this node: membership (JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup) and committed offsets, persisted in {@link OffsetsTopic}; listing and deleting
 * groups is its {@link #admin()}. A facade over one class per mechanism: the join and sync phases
 * of a rebalance ({@link Rebalancer}, which describes the rebalance protocol), membership liveness
 * ({@link MemberLiveness}) and committed offsets ({@link OffsetCommits}).
 *
 * <h2>Persistence</h2>
 * Offsets are answered after their records are durable. Group metadata is written when a
 * generation's assignment is complete, when a group becomes empty and when a static member is
 * replaced; {@link #load()} replays it, so a group comes back with its generation and members
 * (Stable, whose session timeouts start anew) and all its offsets.
 *
 * <h2>Threading</h2>
 * Request threads call in; each group is guarded by its own monitor. Session, join, sync and
 * pending-member deadlines run on one scheduler thread for all groups ({@link KeyedTimer}); so do
 * the continuations of WAL appends, which therefore never run on a WAL thread under a group lock.
 */
public final class GroupCoordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);
    /** Kafka's {@code offset.metadata.max.bytes} default. */
    public static final int MAX_OFFSET_METADATA_LENGTH = 4096;

    private final OffsetsTopic topic;
    private final Time time;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<String, ClassicGroup> groups = new ConcurrentHashMap<>();
    private final HostedPartitions hosted = new HostedPartitions();
    private final GroupAdmin admin;
    private final Rebalancer rebalancer;
    private final MemberLiveness liveness;
    private final OffsetCommits offsets;

    public GroupCoordinator(GroupSettings settings, OffsetsTopic topic, Time time) {
        this.topic = topic;
        this.time = time;
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "chronik-group-coordinator");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        KeyedTimer timer = new KeyedTimer(scheduler);
        this.admin = new GroupAdmin(groups, topic, scheduler, hosted);
        this.rebalancer = new Rebalancer(settings, topic, time, scheduler, timer, groups);
        this.liveness = rebalancer.liveness();
        this.offsets = new OffsetCommits(topic, time, scheduler, groups, liveness);
    }


    /** Listing, describing and deleting the groups this coordinator holds. */
    public GroupAdmin admin() {
        return admin;
    }

    /** The partition of {@code __consumer_offsets} that holds {@code groupId}. */
    public int partitionFor(String groupId) {
        return topic.partitionFor(groupId);
    }

    /**
     * Starts serving the groups of partition {@code p} (this node became its leader): rebuilds them
     * and their offsets from the partition's committed records, then answers their requests. Until
     * then their requests get {@code COORDINATOR_LOAD_IN_PROGRESS}. Blocks for the replay: call it
     * from a thread that may block, never from an IO or WAL thread.
     */
    public void loadPartition(int p) {
        hosted.loading(p);
        List<String> loaded = new ArrayList<>();
        topic.replay(p, record -> {
            applyStored(record);
            loaded.add(record.groupId());
        });
        long now = time.milliseconds();
        int restoredMembers = 0;
        int restoredGroups = 0;
        for (String groupId : new HashSet<>(loaded)) {
            ClassicGroup group = groups.get(groupId);
            if (group == null) {
                continue; // tombstoned later in the log
            }
            restoredGroups++;
            synchronized (group) {
                group.state = group.members.isEmpty() ? GroupState.EMPTY : GroupState.STABLE;
                for (Member member : group.members.values()) {
                    liveness.scheduleSessionTimeout(group, member, now);
                    restoredMembers++;
                }
            }
        }
        hosted.active(p);
        LOG.info("Loaded {} groups ({} members) from {}-{}", restoredGroups, restoredMembers, OffsetsTopic.NAME, p);
    }

    /**
     * Stops serving the groups of partition {@code p} (this node no longer leads it): they are
     * forgotten here, members waiting for a JoinGroup or SyncGroup answer get {@code NOT_COORDINATOR}
     * and find the new coordinator, which rebuilds the groups from the replicated partition.
     */
    public void unloadPartition(int p) {
        if (!hosted.remove(p)) {
            return;
        }
        int unloaded = 0;
        for (ClassicGroup group : groups.values()) {
            if (topic.partitionFor(group.groupId) != p) {
                continue;
            }
            synchronized (group) {
                group.state = GroupState.DEAD; // every timer and request path stops at a dead group
                for (Member member : group.members.values()) {
                    liveness.cancelSessionTimeout(group, member.memberId);
                    member.awaitingJoin.ifPresent(f -> f.complete(
                            GroupResponses.joinErrorResponse(Errors.NOT_COORDINATOR, member.memberId)));
                    member.awaitingSync.ifPresent(f -> f.complete(GroupResponses.syncError(Errors.NOT_COORDINATOR)));
                }
                groups.remove(group.groupId, group);
                unloaded++;
            }
        }
        LOG.info("Unloaded {} groups of {}-{}: another node coordinates them now", unloaded, OffsetsTopic.NAME, p);
    }

    /**
     * {@code NONE} if this node coordinates {@code groupId} now; {@code NOT_COORDINATOR} or
     * {@code COORDINATOR_LOAD_IN_PROGRESS} otherwise, which every group request answers first.
     */
    public Errors coordinatorError(String groupId) {
        return hosted.errorFor(topic.partitionFor(groupId));
    }

    private void applyStored(GroupRecord record) {
        if (record instanceof GroupRecord.OffsetCommit commit) {
            groups.computeIfAbsent(commit.groupId(), ClassicGroup::new).offsets
                    .put(new TopicPartition(commit.topic(), commit.partition()), commit.offset());
        } else if (record instanceof GroupRecord.OffsetTombstone tombstone) {
            Optional.ofNullable(groups.get(tombstone.groupId())).ifPresent(g ->
                    g.offsets.remove(new TopicPartition(tombstone.topic(), tombstone.partition())));
        } else if (record instanceof GroupRecord.GroupMetadata metadata) {
            ClassicGroup group = groups.computeIfAbsent(metadata.groupId(), ClassicGroup::new);
            StoredGroup stored = metadata.group();
            group.members.clear();
            group.staticMembers.clear();
            group.generation = stored.generation();
            group.protocolType = Optional.of(stored.protocolType());
            group.protocol = stored.protocol();
            group.leaderId = stored.leader();
            stored.members().forEach(m -> {
                Member member = Member.restored(m, stored.protocol().orElse(""));
                group.members.put(member.memberId, member);
                member.groupInstanceId.ifPresent(id -> group.staticMembers.put(id, member.memberId));
            });
        } else if (record instanceof GroupRecord.GroupTombstone tombstone) {
            groups.remove(tombstone.groupId());
        }
    }

    /**
     * JoinGroup; completes when the join phase of the rebalance ends (or at once with an error).
     *
     * @param version the request version: v4+ first joins get MEMBER_ID_REQUIRED, v9+ knows
     *                {@code skipAssignment}
     */
    public CompletableFuture<JoinGroupResponseData> joinGroup(JoinGroupRequestData request, short version,
                                                              String clientId, String clientHost) {
        Errors error = coordinatorError(request.groupId());
        if (error != Errors.NONE) {
            return GroupResponses.joinError(error, request.memberId());
        }
        return rebalancer.joinGroup(request, version, clientId, clientHost);
    }

    /** SyncGroup; the leader's completes with everyone's once the assignment is durable. */
    public CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData request) {
        Errors error = coordinatorError(request.groupId());
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(GroupResponses.syncError(error));
        }
        return rebalancer.syncGroup(request);
    }

    /** Heartbeat: keeps the member's session alive and tells it when a rebalance is under way. */
    public Errors heartbeat(HeartbeatRequestData request) {
        Errors error = coordinatorError(request.groupId());
        return error != Errors.NONE ? error : liveness.heartbeat(request);
    }

    /** LeaveGroup of one or (v3+) several members; the response carries per-member errors for v3+. */
    public LeaveGroupResponseData leaveGroup(LeaveGroupRequestData request, short version) {
        Errors error = coordinatorError(request.groupId());
        if (error != Errors.NONE) {
            return new LeaveGroupResponseData().setErrorCode(error.code());
        }
        return liveness.leaveGroup(request, version);
    }

    /**
     * OffsetCommit: validates the committer against the group (generation -1 with no member id is
     * an admin or standalone commit, accepted only while the group is empty) and completes once the
     * offsets are durable.
     */
    public CompletableFuture<Errors> commitOffsets(String groupId, int generation, String memberId,
                                                   Optional<String> instanceId,
                                                   Map<TopicPartition, CommittedOffset> offsets) {
        Errors error = coordinatorError(groupId);
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(error);
        }
        return this.offsets.commitOffsets(groupId, generation, memberId, instanceId, offsets);
    }

    /** The group's committed offsets; empty for a group that does not exist (check {@link #coordinatorError} first). */
    public Map<TopicPartition, CommittedOffset> committedOffsets(String groupId) {
        return offsets.committedOffsets(groupId);
    }

    /** Stops the deadline thread; pending responses are left to the closing connections. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
