package io.chronik.core.group;

import static io.chronik.core.group.GroupResponses.joinError;
import static io.chronik.core.group.GroupResponses.joinErrorResponse;
import static io.chronik.core.group.GroupResponses.joinResponse;
import static io.chronik.core.group.GroupResponses.syncError;
import static io.chronik.core.group.GroupResponses.syncResponse;

import io.chronik.spi.Time;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebalance of classic groups: the join phase (JoinGroup of unknown, known and static members,
 * the join deadline) and the sync phase (SyncGroup, the durable assignment, the sync deadline).
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
 * Group metadata is written when a generation's assignment is complete, when a group becomes empty
 * and when a static member is replaced.
 *
 * <h2>Threading</h2>
 * {@link #joinGroup} and {@link #syncGroup} run on request threads and take the group's monitor;
 * the join and sync deadlines and the continuations of WAL appends run on the coordinator's
 * scheduler thread ({@code continuations}) and take it themselves. {@link #prepareRebalance} and
 * {@link #maybeCompleteJoin} expect their caller to hold it.
 */
final class Rebalancer {

    private static final Logger LOG = LoggerFactory.getLogger(Rebalancer.class);

    private final GroupSettings settings;
    private final OffsetsTopic topic;
    private final Time time;
    private final Executor continuations;
    private final KeyedTimer timer;
    private final Map<String, ClassicGroup> groups;
    private final MemberLiveness liveness;

    /** Also creates the {@link MemberLiveness} that removes members through this rebalancer. */
    Rebalancer(GroupSettings settings, OffsetsTopic topic, Time time, Executor continuations, KeyedTimer timer,
               Map<String, ClassicGroup> groups) {
        this.settings = settings;
        this.topic = topic;
        this.time = time;
        this.continuations = continuations;
        this.timer = timer;
        this.groups = groups;
        this.liveness = new MemberLiveness(this, time, timer, groups);
    }

    /** Heartbeats, session and pending-member timeouts and leaves of the members this rebalancer drives. */
    MemberLiveness liveness() {
        return liveness;
    }

    /** {@link GroupCoordinator#joinGroup}: completes when the join phase ends, or at once with an error. */
    CompletableFuture<JoinGroupResponseData> joinGroup(JoinGroupRequestData request, short version,
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
        boolean unknownMember = request.memberId().equals(Member.UNKNOWN_ID);
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
                group.dropIfUnused(groups);
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
            liveness.schedulePendingTimeout(group, memberId, join.data().sessionTimeoutMs());
            return joinError(Errors.MEMBER_ID_REQUIRED, memberId);
        }
        return addMemberAndRebalance(group, memberId, join);
    }

    private CompletableFuture<JoinGroupResponseData> joinKnownMember(ClassicGroup group, JoinRequest join) {
        String memberId = join.data().memberId();
        if (group.pendingMembers.remove(memberId)) {
            liveness.cancelPendingTimeout(group, memberId);
            return addMemberAndRebalance(group, memberId, join);
        }
        Optional<Errors> invalid = group.validateMember(memberId, join.instanceId());
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
        liveness.cancelSessionTimeout(group, old.memberId);
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
            liveness.scheduleSessionTimeout(group, replacement, time.milliseconds());
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
            }, continuations);
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

    void prepareRebalance(ClassicGroup group, String reason) {
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

    void maybeCompleteJoin(ClassicGroup group) {
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
                liveness.cancelSessionTimeout(group, member.memberId);
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
            liveness.scheduleSessionTimeout(group, member, now);
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
                    liveness.cancelSessionTimeout(group, member.memberId);
                    group.remove(member.memberId);
                }
            }
            prepareRebalance(group, "members did not sync in time");
        }
    }

    /** SyncGroup; the leader's completes with everyone's once the assignment is durable. */
    CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData request) {
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            return CompletableFuture.completedFuture(syncError(Errors.UNKNOWN_MEMBER_ID));
        }
        synchronized (group) {
            Optional<Errors> invalid = group.validateGeneration(request.memberId(),
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
                    liveness.scheduleSessionTimeout(group, member, time.milliseconds());
                    return CompletableFuture.completedFuture(syncResponse(group, member));
                }
                case COMPLETING_REBALANCE -> {
                    liveness.scheduleSessionTimeout(group, member, time.milliseconds());
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
        }, continuations);
    }

    private CompletableFuture<Void> persistGroup(ClassicGroup group) {
        return topic.append(group.groupId, List.of(new GroupRecord.GroupMetadata(group.groupId, group.toStored())));
    }

    private static String joinKey(ClassicGroup group) {
        return "join\u0000" + group.groupId;
    }

    private static String syncKey(ClassicGroup group) {
        return "sync\u0000" + group.groupId;
    }
}
