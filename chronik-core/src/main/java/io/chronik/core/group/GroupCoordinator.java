package io.chronik.core.group;

import io.chronik.core.log.TopicPartition;
import io.chronik.spi.Time;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
 * groups is its {@link #admin()}.
 *
 * <h2>Rebalance protocol</h2>
 * A join, leave or session timeout moves the group to PreparingRebalance. The join phase ends when
 * every known member has rejoined (and no member id handed out with MEMBER_ID_REQUIRED is still
 * outstanding), or at the rebalance timeout, when members that did not rejoin are removed; the first
 * rebalance of an empty group instead waits {@link GroupSettings#initialRebalanceDelayMs()}, extended
 * while new members keep arriving, up to the rebalance timeout. Completing the join starts a new
 * generation: the leader gets every member's metadata for the selected protocol and answers with
 * assignments in SyncGroup; once that group metadata is durable the group is Stable and every member
 * gets its assignment. If the leader does not send SyncGroup within the rebalance timeout, the
 * members that have not synced are removed and the group rebalances again.
 * Static members ({@code group.instance.id}) that rejoin with an unknown member id take over their
 * old member and its assignment, fencing the old id, without a rebalance when the group is Stable,
 * the selected protocol stays and (for consumers) the subscribed topics are unchanged.
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
    private static final String UNKNOWN_MEMBER = "";

    private final GroupSettings settings;
    private final OffsetsTopic topic;
    private final Time time;
    private final ScheduledThreadPoolExecutor scheduler;
    private final KeyedTimer timer;
    private final Map<String, ClassicGroup> groups = new ConcurrentHashMap<>();
    private final GroupAdmin admin;

    public GroupCoordinator(GroupSettings settings, OffsetsTopic topic, Time time) {
        this.settings = settings;
        this.topic = topic;
        this.time = time;
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "chronik-group-coordinator");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = new KeyedTimer(scheduler);
        this.admin = new GroupAdmin(groups, topic, scheduler);
    }

    /** Listing, describing and deleting the groups this coordinator holds. */
    public GroupAdmin admin() {
        return admin;
    }

    /** The partition of {@code __consumer_offsets} that holds {@code groupId}. */
    public int partitionFor(String groupId) {
        return topic.partitionFor(groupId);
    }

    /** Rebuilds groups and offsets from {@code __consumer_offsets}; call once, before serving. */
    public void load() {
        topic.replay(this::applyStored);
        long now = time.milliseconds();
        int restoredMembers = 0;
        for (ClassicGroup group : groups.values()) {
            synchronized (group) {
                group.state = group.members.isEmpty() ? GroupState.EMPTY : GroupState.STABLE;
                for (Member member : group.members.values()) {
                    scheduleSessionTimeout(group, member, now);
                    restoredMembers++;
                }
            }
        }
        LOG.info("Loaded {} groups ({} members) from {}", groups.size(), restoredMembers, OffsetsTopic.NAME);
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

    // ---------------------------------------------------------------- JoinGroup

    /**
     * JoinGroup; completes when the join phase of the rebalance ends (or at once with an error).
     *
     * @param version the request version: v4+ first joins get MEMBER_ID_REQUIRED, v9+ knows
     *                {@code skipAssignment}
     */
    public CompletableFuture<JoinGroupResponseData> joinGroup(JoinGroupRequestData request, short version,
                                                              String clientId, String clientHost) {
        String groupId = request.groupId();
        if (groupId == null || groupId.isEmpty()) {
            return joinError(Errors.INVALID_GROUP_ID, request.memberId());
        }
        if (request.sessionTimeoutMs() < settings.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > settings.maxSessionTimeoutMs()) {
            return joinError(Errors.INVALID_SESSION_TIMEOUT, request.memberId());
        }
        if (version == 0) {
            // v0 has no rebalance timeout; Kafka bounds the join phase by the session timeout
            request.setRebalanceTimeoutMs(request.sessionTimeoutMs());
        }
        boolean unknownMember = request.memberId().equals(UNKNOWN_MEMBER);
        ClassicGroup group = unknownMember ? groups.computeIfAbsent(groupId, ClassicGroup::new) : groups.get(groupId);
        if (group == null) {
            return joinError(Errors.UNKNOWN_MEMBER_ID, request.memberId());
        }
        List<Member.Protocol> protocols = new ArrayList<>();
        request.protocols().forEach(p -> protocols.add(new Member.Protocol(p.name(), p.metadata())));
        Optional<String> instanceId = Optional.ofNullable(request.groupInstanceId());
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return joinError(Errors.COORDINATOR_NOT_AVAILABLE, request.memberId());
            }
            if (!group.supports(request.protocolType(), protocols)) {
                dropIfUnused(group);
                return joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, request.memberId());
            }
            JoinRequest join = new JoinRequest(request, protocols, instanceId, version, clientId, clientHost);
            return unknownMember ? joinUnknownMember(group, join) : joinKnownMember(group, join);
        }
    }

    /** A JoinGroup with its protocols decoded. */
    private record JoinRequest(JoinGroupRequestData data, List<Member.Protocol> protocols,
                               Optional<String> instanceId, short version, String clientId, String clientHost) {

        /** The client's reason for joining (v8+), for the log. */
        String reason() {
            return data.reason() == null || data.reason().isEmpty() ? "" : " (" + data.reason() + ")";
        }
    }

    private CompletableFuture<JoinGroupResponseData> joinUnknownMember(ClassicGroup group, JoinRequest join) {
        String memberId = join.clientId() + "-" + UUID.randomUUID();
        if (join.instanceId().isPresent()) {
            String holder = group.staticMembers.get(join.instanceId().get());
            if (holder != null) {
                return replaceStaticMember(group, group.members.get(holder), memberId, join);
            }
            return addMemberAndRebalance(group, memberId, join);
        }
        if (join.version() >= 4) {
            group.pendingMembers.add(memberId);
            timer.schedule(pendingKey(group, memberId), join.data().sessionTimeoutMs(),
                    () -> onPendingMemberTimeout(group, memberId));
            return joinError(Errors.MEMBER_ID_REQUIRED, memberId);
        }
        return addMemberAndRebalance(group, memberId, join);
    }

    private CompletableFuture<JoinGroupResponseData> joinKnownMember(ClassicGroup group, JoinRequest join) {
        String memberId = join.data().memberId();
        if (group.pendingMembers.remove(memberId)) {
            timer.cancel(pendingKey(group, memberId));
            return addMemberAndRebalance(group, memberId, join);
        }
        Optional<Errors> invalid = validateMember(group, memberId, join.instanceId());
        if (invalid.isPresent()) {
            return joinError(invalid.get(), memberId);
        }
        Member member = group.members.get(memberId);
        switch (group.state) {
            case PREPARING_REBALANCE -> {
                CompletableFuture<JoinGroupResponseData> future = updateMember(member, join);
                maybeCompleteJoin(group);
                return future;
            }
            case COMPLETING_REBALANCE -> {
                if (member.sameProtocols(join.protocols())) {
                    return CompletableFuture.completedFuture(joinResponse(group, member, false));
                }
                CompletableFuture<JoinGroupResponseData> future = updateMember(member, join);
                prepareRebalance(group, "member " + memberId + " changed its protocols" + join.reason());
                return future;
            }
            case STABLE -> {
                if (!group.isLeader(memberId) && member.sameProtocols(join.protocols())) {
                    return CompletableFuture.completedFuture(joinResponse(group, member, false));
                }
                CompletableFuture<JoinGroupResponseData> future = updateMember(member, join);
                prepareRebalance(group, "member " + memberId + " rejoined" + join.reason());
                return future;
            }
            default -> {
                return joinError(Errors.UNKNOWN_MEMBER_ID, memberId);
            }
        }
    }

    private CompletableFuture<JoinGroupResponseData> addMemberAndRebalance(ClassicGroup group, String memberId,
                                                                           JoinRequest join) {
        Member member = new Member(memberId, join.instanceId(), join.clientId(), join.clientHost(),
                join.data().rebalanceTimeoutMs(), join.data().sessionTimeoutMs(), join.protocols());
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        member.awaitingJoin = Optional.of(future);
        group.add(member, join.data().protocolType());
        if (group.initialDelayRemainingMs >= 0) {
            group.newMemberDuringInitialDelay = true;
        }
        if (group.is(GroupState.PREPARING_REBALANCE)) {
            maybeCompleteJoin(group);
        } else {
            prepareRebalance(group, "member " + memberId + " joined" + join.reason());
        }
        return future;
    }

    private CompletableFuture<JoinGroupResponseData> updateMember(Member member, JoinRequest join) {
        member.rebalanceTimeoutMs = join.data().rebalanceTimeoutMs();
        member.sessionTimeoutMs = join.data().sessionTimeoutMs();
        member.protocols = List.copyOf(join.protocols());
        member.awaitingJoin.ifPresent(previous -> previous.complete(
                joinErrorResponse(Errors.REBALANCE_IN_PROGRESS, member.memberId)));
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        member.awaitingJoin = Optional.of(future);
        return future;
    }

    /**
     * A static member rejoined with an unknown member id: it takes over its old member's place and
     * assignment under a new id; the old id is fenced.
     */
    private CompletableFuture<JoinGroupResponseData> replaceStaticMember(ClassicGroup group, Member old,
                                                                         String newMemberId, JoinRequest join) {
        old.awaitingJoin.ifPresent(f -> f.complete(joinErrorResponse(Errors.FENCED_INSTANCE_ID, old.memberId)));
        old.awaitingSync.ifPresent(f -> f.complete(syncError(Errors.FENCED_INSTANCE_ID)));
        timer.cancel(sessionKey(group, old.memberId));
        Member replacement = old.withMemberId(newMemberId);
        replacement.rebalanceTimeoutMs = join.data().rebalanceTimeoutMs();
        replacement.sessionTimeoutMs = join.data().sessionTimeoutMs();
        replacement.protocols = List.copyOf(join.protocols());
        group.replace(old, replacement);
        boolean unchanged = group.is(GroupState.STABLE) && keepsAssignment(group, old, replacement);
        LOG.info("Static member {} of group {} rejoined: member id {} replaces {}", join.instanceId().orElseThrow(),
                group.groupId, newMemberId, old.memberId);
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        if (unchanged) {
            int generation = group.generation;
            scheduleSessionTimeout(group, replacement, time.milliseconds());
            persistGroup(group).whenCompleteAsync((done, failure) -> {
                synchronized (group) {
                    if (failure != null) {
                        LOG.error("Could not persist group {} after replacing static member", group.groupId, failure);
                        future.complete(joinErrorResponse(Errors.COORDINATOR_NOT_AVAILABLE, newMemberId));
                    } else if (group.generation != generation || !group.members.containsKey(newMemberId)) {
                        future.complete(joinErrorResponse(Errors.REBALANCE_IN_PROGRESS, newMemberId));
                    } else {
                        future.complete(joinResponse(group, replacement, join.version() >= 9));
                    }
                }
            }, scheduler);
            return future;
        }
        replacement.awaitingJoin = Optional.of(future);
        if (group.is(GroupState.PREPARING_REBALANCE)) {
            maybeCompleteJoin(group);
        } else {
            prepareRebalance(group, "static member " + join.instanceId().orElseThrow() + " rejoined" + join.reason());
        }
        return future;
    }

    /**
     * Whether a static member's rejoin leaves the current assignment valid: the group would select
     * the same protocol, and the member's metadata for it says the same. For Kafka consumers that
     * means the same subscribed topics (the rest of their metadata, owned partitions and generation,
     * always differs after a restart); other protocol types must send identical bytes.
     */
    private static boolean keepsAssignment(ClassicGroup group, Member old, Member replacement) {
        String protocol = group.protocol.orElse("");
        if (!group.selectProtocol().equals(protocol)) {
            return false;
        }
        byte[] before = old.metadata(protocol);
        byte[] after = replacement.metadata(protocol);
        if (group.protocolType.equals(Optional.of(ConsumerSubscriptions.PROTOCOL_TYPE))) {
            return ConsumerSubscriptions.topics(before).equals(ConsumerSubscriptions.topics(after));
        }
        return Arrays.equals(before, after);
    }

    private void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            timer.cancel(syncKey(group));
            for (Member member : group.members.values()) {
                member.assignment = Member.NO_BYTES;
                member.awaitingSync.ifPresent(f -> f.complete(syncError(Errors.REBALANCE_IN_PROGRESS)));
                member.awaitingSync = Optional.empty();
            }
        }
        boolean initial = group.is(GroupState.EMPTY);
        group.state = GroupState.PREPARING_REBALANCE;
        long rebalanceId = ++group.rebalanceId;
        int rebalanceTimeout = group.rebalanceTimeoutMs();
        LOG.info("Preparing to rebalance group {} in generation {}: {}", group.groupId, group.generation, reason);
        if (initial && settings.initialRebalanceDelayMs() > 0) {
            long delay = Math.min(settings.initialRebalanceDelayMs(), rebalanceTimeout);
            group.initialDelayRemainingMs = Math.max(0, rebalanceTimeout - delay);
            group.newMemberDuringInitialDelay = false;
            timer.schedule(joinKey(group), delay, () -> onJoinDeadline(group, rebalanceId));
            return;
        }
        group.initialDelayRemainingMs = -1;
        timer.schedule(joinKey(group), rebalanceTimeout, () -> onJoinDeadline(group, rebalanceId));
        maybeCompleteJoin(group);
    }

    private void onJoinDeadline(ClassicGroup group, long rebalanceId) {
        synchronized (group) {
            if (group.rebalanceId != rebalanceId || !group.is(GroupState.PREPARING_REBALANCE)) {
                return;
            }
            if (group.initialDelayRemainingMs > 0 && group.newMemberDuringInitialDelay) {
                long delay = Math.min(settings.initialRebalanceDelayMs(), group.initialDelayRemainingMs);
                group.initialDelayRemainingMs -= delay;
                group.newMemberDuringInitialDelay = false;
                timer.schedule(joinKey(group), delay, () -> onJoinDeadline(group, rebalanceId));
                return;
            }
            completeJoin(group);
        }
    }

    private void maybeCompleteJoin(ClassicGroup group) {
        if (group.is(GroupState.PREPARING_REBALANCE) && group.initialDelayRemainingMs < 0 && group.allMembersJoined()) {
            completeJoin(group);
        }
    }

    /** Ends the join phase: drops members that did not rejoin and starts the next generation. */
    private void completeJoin(ClassicGroup group) {
        timer.cancel(joinKey(group));
        group.initialDelayRemainingMs = -1;
        for (Member member : List.copyOf(group.members.values())) {
            if (member.awaitingJoin.isEmpty()) {
                LOG.info("Removing member {} from group {}: it did not rejoin in time", member.memberId, group.groupId);
                timer.cancel(sessionKey(group, member.memberId));
                group.remove(member.memberId);
            }
        }
        group.generation++;
        group.synced.clear();
        if (group.members.isEmpty()) {
            group.state = GroupState.EMPTY;
            group.protocol = Optional.empty();
            group.leaderId = Optional.empty();
            LOG.info("Group {} is empty in generation {}", group.groupId, group.generation);
            persistGroup(group).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.error("Could not persist empty group {}", group.groupId, failure);
                }
            });
            return;
        }
        group.protocol = Optional.of(group.selectProtocol());
        group.state = GroupState.COMPLETING_REBALANCE;
        long now = time.milliseconds();
        for (Member member : group.members.values()) {
            JoinGroupResponseData response = joinResponse(group, member, false);
            member.awaitingJoin.ifPresent(f -> f.complete(response));
            member.awaitingJoin = Optional.empty();
            scheduleSessionTimeout(group, member, now);
        }
        int generation = group.generation;
        timer.schedule(syncKey(group), group.rebalanceTimeoutMs(), () -> onSyncDeadline(group, generation));
        LOG.info("Group {} generation {} with {} members, protocol {}, leader {}", group.groupId, generation,
                group.members.size(), group.protocol.get(), group.leaderId.orElse(""));
    }

    private void onSyncDeadline(ClassicGroup group, int generation) {
        synchronized (group) {
            if (group.generation != generation || !group.is(GroupState.COMPLETING_REBALANCE)) {
                return;
            }
            for (Member member : List.copyOf(group.members.values())) {
                if (!group.synced.contains(member.memberId)) {
                    LOG.info("Removing member {} from group {}: no SyncGroup within the rebalance timeout",
                            member.memberId, group.groupId);
                    timer.cancel(sessionKey(group, member.memberId));
                    group.remove(member.memberId);
                }
            }
            prepareRebalance(group, "members did not sync in time");
        }
    }

    private void onPendingMemberTimeout(ClassicGroup group, String memberId) {
        synchronized (group) {
            if (group.pendingMembers.remove(memberId)) {
                maybeCompleteJoin(group);
            }
        }
    }

    // ---------------------------------------------------------------- SyncGroup, Heartbeat, LeaveGroup

    /** SyncGroup; the leader's completes with everyone's once the assignment is durable. */
    public CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData request) {
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            return CompletableFuture.completedFuture(syncError(Errors.UNKNOWN_MEMBER_ID));
        }
        synchronized (group) {
            Optional<Errors> invalid = validateGeneration(group, request.memberId(),
                    Optional.ofNullable(request.groupInstanceId()), request.generationId());
            if (invalid.isEmpty() && (!matches(request.protocolType(), group.protocolType)
                    || !matches(request.protocolName(), group.protocol))) {
                invalid = Optional.of(Errors.INCONSISTENT_GROUP_PROTOCOL);
            }
            if (invalid.isPresent()) {
                return CompletableFuture.completedFuture(syncError(invalid.get()));
            }
            Member member = group.members.get(request.memberId());
            switch (group.state) {
                case PREPARING_REBALANCE -> {
                    return CompletableFuture.completedFuture(syncError(Errors.REBALANCE_IN_PROGRESS));
                }
                case STABLE -> {
                    scheduleSessionTimeout(group, member, time.milliseconds());
                    return CompletableFuture.completedFuture(syncResponse(group, member));
                }
                case COMPLETING_REBALANCE -> {
                    scheduleSessionTimeout(group, member, time.milliseconds());
                    CompletableFuture<SyncGroupResponseData> future = new CompletableFuture<>();
                    member.awaitingSync = Optional.of(future);
                    group.synced.add(member.memberId);
                    if (group.isLeader(member.memberId)) {
                        acceptAssignment(group, request);
                    }
                    return future;
                }
                default -> {
                    return CompletableFuture.completedFuture(syncError(Errors.UNKNOWN_MEMBER_ID));
                }
            }
        }
    }

    private static boolean matches(String requested, Optional<String> actual) {
        return requested == null || requested.equals(actual.orElse(null));
    }

    private void acceptAssignment(ClassicGroup group, SyncGroupRequestData request) {
        Map<String, byte[]> assignments = new HashMap<>();
        request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
        group.members.values().forEach(m -> m.assignment = assignments.getOrDefault(m.memberId, Member.NO_BYTES));
        int generation = group.generation;
        persistGroup(group).whenCompleteAsync((done, failure) -> {
            synchronized (group) {
                if (group.generation != generation || !group.is(GroupState.COMPLETING_REBALANCE)) {
                    return;
                }
                if (failure != null) {
                    LOG.error("Could not persist the assignment of group {} generation {}", group.groupId, generation,
                            failure);
                    prepareRebalance(group, "its assignment could not be stored");
                    return;
                }
                timer.cancel(syncKey(group));
                group.state = GroupState.STABLE;
                for (Member member : group.members.values()) {
                    member.awaitingSync.ifPresent(f -> f.complete(syncResponse(group, member)));
                    member.awaitingSync = Optional.empty();
                }
                LOG.info("Group {} is stable in generation {}", group.groupId, generation);
            }
        }, scheduler);
    }

    /** Heartbeat: keeps the member's session alive and tells it when a rebalance is under way. */
    public Errors heartbeat(HeartbeatRequestData request) {
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        synchronized (group) {
            Optional<Errors> invalid = validateGeneration(group, request.memberId(),
                    Optional.ofNullable(request.groupInstanceId()), request.generationId());
            if (invalid.isPresent()) {
                return invalid.get();
            }
            scheduleSessionTimeout(group, group.members.get(request.memberId()), time.milliseconds());
            return group.is(GroupState.PREPARING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
        }
    }

    /** LeaveGroup of one or (v3+) several members; the response carries per-member errors for v3+. */
    public LeaveGroupResponseData leaveGroup(LeaveGroupRequestData request, short version) {
        List<LeaveGroupRequestData.MemberIdentity> leaving = version >= 3 ? request.members()
                : List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(request.memberId()));
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            return response.setErrorCode(Errors.UNKNOWN_MEMBER_ID.code());
        }
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return response.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
            }
            for (LeaveGroupRequestData.MemberIdentity identity : leaving) {
                Errors error = leave(group, identity.memberId(), Optional.ofNullable(identity.groupInstanceId()),
                        identity.reason() == null ? "" : " (" + identity.reason() + ")");
                response.members().add(new LeaveGroupResponseData.MemberResponse()
                        .setMemberId(identity.memberId())
                        .setGroupInstanceId(identity.groupInstanceId())
                        .setErrorCode(error.code()));
            }
        }
        if (version < 3) {
            response.setErrorCode(response.members().get(0).errorCode());
            response.members().clear();
        }
        return response;
    }

    private Errors leave(ClassicGroup group, String memberId, Optional<String> instanceId, String reason) {
        String target = memberId;
        if (instanceId.isPresent()) {
            String holder = group.staticMembers.get(instanceId.get());
            if (holder == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!memberId.equals(UNKNOWN_MEMBER) && !holder.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            target = holder;
        }
        if (group.pendingMembers.remove(target)) {
            timer.cancel(pendingKey(group, target));
            maybeCompleteJoin(group);
            return Errors.NONE;
        }
        Member member = group.members.get(target);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        removeMemberAndRebalance(group, member, "member " + target + " left" + reason);
        return Errors.NONE;
    }

    private void removeMemberAndRebalance(ClassicGroup group, Member member, String reason) {
        timer.cancel(sessionKey(group, member.memberId));
        member.awaitingJoin.ifPresent(f -> f.complete(joinErrorResponse(Errors.UNKNOWN_MEMBER_ID, member.memberId)));
        member.awaitingSync.ifPresent(f -> f.complete(syncError(Errors.UNKNOWN_MEMBER_ID)));
        member.awaitingJoin = Optional.empty();
        member.awaitingSync = Optional.empty();
        group.remove(member.memberId);
        switch (group.state) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, reason);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group);
            default -> {
            }
        }
    }

    private void scheduleSessionTimeout(ClassicGroup group, Member member, long now) {
        member.heartbeatDeadlineMs = now + member.sessionTimeoutMs;
        String memberId = member.memberId;
        timer.schedule(sessionKey(group, memberId), member.sessionTimeoutMs, () -> onSessionTimeout(group, memberId));
    }

    private void onSessionTimeout(ClassicGroup group, String memberId) {
        synchronized (group) {
            Member member = group.members.get(memberId);
            if (member == null || member.awaitingJoin.isPresent()) {
                return;
            }
            long now = time.milliseconds();
            if (now < member.heartbeatDeadlineMs) {
                timer.schedule(sessionKey(group, memberId), member.heartbeatDeadlineMs - now,
                        () -> onSessionTimeout(group, memberId));
                return;
            }
            LOG.info("Member {} of group {} timed out after {} ms without heartbeat", memberId, group.groupId,
                    member.sessionTimeoutMs);
            removeMemberAndRebalance(group, member, "member " + memberId + " timed out");
        }
    }

    // ---------------------------------------------------------------- offsets

    /**
     * OffsetCommit: validates the committer against the group (generation -1 with no member id is
     * an admin or standalone commit, accepted only while the group is empty) and completes once the
     * offsets are durable.
     */
    public CompletableFuture<Errors> commitOffsets(String groupId, int generation, String memberId,
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
                dropIfUnused(group);
                return CompletableFuture.completedFuture(invalid.get());
            }
            group.member(memberId).ifPresent(m -> scheduleSessionTimeout(group, m, time.milliseconds()));
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
            }, scheduler);
        }
    }

    private Optional<Errors> validateCommit(ClassicGroup group, int generation, String memberId,
                                            Optional<String> instanceId) {
        if (group.is(GroupState.DEAD)) {
            return Optional.of(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        if (generation >= 0 || !memberId.isEmpty() || instanceId.isPresent()) {
            Optional<Errors> invalid = validateMember(group, memberId, instanceId);
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
    public Map<TopicPartition, CommittedOffset> committedOffsets(String groupId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return Map.of();
        }
        synchronized (group) {
            return Map.copyOf(group.offsets);
        }
    }


    // ---------------------------------------------------------------- helpers

    /** Forgets a group this request created only to fail on. */
    private void dropIfUnused(ClassicGroup group) {
        if (group.is(GroupState.EMPTY) && group.members.isEmpty() && group.pendingMembers.isEmpty()
                && group.offsets.isEmpty() && group.generation == 0) {
            group.state = GroupState.DEAD;
            groups.remove(group.groupId, group);
        }
    }

    private static Optional<Errors> validateMember(ClassicGroup group, String memberId, Optional<String> instanceId) {
        if (instanceId.isPresent()) {
            String holder = group.staticMembers.get(instanceId.get());
            if (holder != null && !holder.equals(memberId)) {
                return Optional.of(Errors.FENCED_INSTANCE_ID);
            }
        }
        if (!group.members.containsKey(memberId)) {
            return Optional.of(Errors.UNKNOWN_MEMBER_ID);
        }
        return Optional.empty();
    }

    private static Optional<Errors> validateGeneration(ClassicGroup group, String memberId,
                                                       Optional<String> instanceId, int generation) {
        if (group.is(GroupState.DEAD)) {
            return Optional.of(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        Optional<Errors> invalid = validateMember(group, memberId, instanceId);
        if (invalid.isPresent()) {
            return invalid;
        }
        if (generation != group.generation) {
            return Optional.of(Errors.ILLEGAL_GENERATION);
        }
        return group.is(GroupState.EMPTY) ? Optional.of(Errors.UNKNOWN_MEMBER_ID) : Optional.empty();
    }

    private CompletableFuture<Void> persistGroup(ClassicGroup group) {
        return topic.append(group.groupId, List.of(new GroupRecord.GroupMetadata(group.groupId, group.toStored())));
    }

    private static JoinGroupResponseData joinResponse(ClassicGroup group, Member member, boolean skipAssignment) {
        String protocol = group.protocol.orElse("");
        JoinGroupResponseData response = new JoinGroupResponseData()
                .setGenerationId(group.generation)
                .setProtocolType(group.protocolType.orElse(null))
                .setProtocolName(protocol)
                .setLeader(group.leaderId.orElse(""))
                .setMemberId(member.memberId)
                .setSkipAssignment(skipAssignment);
        if (group.isLeader(member.memberId)) {
            group.members.values().forEach(m -> response.members().add(new JoinGroupResponseData.JoinGroupResponseMember()
                    .setMemberId(m.memberId)
                    .setGroupInstanceId(m.groupInstanceId.orElse(null))
                    .setMetadata(m.metadata(protocol))));
        }
        return response;
    }

    private static JoinGroupResponseData joinErrorResponse(Errors error, String memberId) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setMemberId(memberId).setGenerationId(-1);
    }

    private static CompletableFuture<JoinGroupResponseData> joinError(Errors error, String memberId) {
        return CompletableFuture.completedFuture(joinErrorResponse(error, memberId));
    }

    private static SyncGroupResponseData syncResponse(ClassicGroup group, Member member) {
        return new SyncGroupResponseData()
                .setProtocolType(group.protocolType.orElse(null))
                .setProtocolName(group.protocol.orElse(null))
                .setAssignment(member.assignment);
    }

    private static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(Member.NO_BYTES);
    }

    private static String sessionKey(ClassicGroup group, String memberId) {
        return "session\u0000" + group.groupId + "\u0000" + memberId;
    }

    private static String pendingKey(ClassicGroup group, String memberId) {
        return "pending\u0000" + group.groupId + "\u0000" + memberId;
    }

    private static String joinKey(ClassicGroup group) {
        return "join\u0000" + group.groupId;
    }

    private static String syncKey(ClassicGroup group) {
        return "sync\u0000" + group.groupId;
    }

    /** Stops the deadline thread; pending responses are left to the closing connections. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
