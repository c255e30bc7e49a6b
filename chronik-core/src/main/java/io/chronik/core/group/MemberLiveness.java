package io.chronik.core.group;

import io.chronik.spi.Time;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether members are still there: heartbeats and the session timeout of every member, the timeout
 * of member ids handed out with MEMBER_ID_REQUIRED, and LeaveGroup. A member that leaves or times
 * out is removed and its group rebalanced through the {@link Rebalancer}.
 *
 * <h2>Threading</h2>
 * {@link #heartbeat} and {@link #leaveGroup} run on request threads and take the group's monitor;
 * session and pending-member deadlines run on the coordinator's scheduler thread ({@link KeyedTimer})
 * and take it themselves. The scheduling methods expect their caller to hold it.
 */
final class MemberLiveness {

    private static final Logger LOG = LoggerFactory.getLogger(MemberLiveness.class);

    private final Rebalancer rebalancer;
    private final Time time;
    private final KeyedTimer timer;
    private final Map<String, ClassicGroup> groups;

    MemberLiveness(Rebalancer rebalancer, Time time, KeyedTimer timer, Map<String, ClassicGroup> groups) {
        this.rebalancer = rebalancer;
        this.time = time;
        this.timer = timer;
        this.groups = groups;
    }

    /** Heartbeat: keeps the member's session alive and tells it when a rebalance is under way. */
    Errors heartbeat(HeartbeatRequestData request) {
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        synchronized (group) {
            Optional<Errors> invalid = group.validateGeneration(request.memberId(),
                    Optional.ofNullable(request.groupInstanceId()), request.generationId());
            if (invalid.isPresent()) {
                return invalid.get();
            }
            scheduleSessionTimeout(group, group.members.get(request.memberId()), time.milliseconds());
            return group.is(GroupState.PREPARING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
        }
    }

    /** LeaveGroup of one or (v3+) several members; the response carries per-member errors for v3+. */
    LeaveGroupResponseData leaveGroup(LeaveGroupRequestData request, short version) {
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
            if (!memberId.equals(Member.UNKNOWN_ID) && !holder.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            target = holder;
        }
        if (group.pendingMembers.remove(target)) {
            timer.cancel(pendingKey(group, target));
            rebalancer.maybeCompleteJoin(group);
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
        member.awaitingJoin.ifPresent(f -> f.complete(GroupResponses.joinErrorResponse(Errors.UNKNOWN_MEMBER_ID, member.memberId)));
        member.awaitingSync.ifPresent(f -> f.complete(GroupResponses.syncError(Errors.UNKNOWN_MEMBER_ID)));
        member.awaitingJoin = Optional.empty();
        member.awaitingSync = Optional.empty();
        group.remove(member.memberId);
        switch (group.state) {
            case STABLE, COMPLETING_REBALANCE -> rebalancer.prepareRebalance(group, reason);
            case PREPARING_REBALANCE -> rebalancer.maybeCompleteJoin(group);
            default -> {
            }
        }
    }

    void scheduleSessionTimeout(ClassicGroup group, Member member, long now) {
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

    /** Forgets a member's session deadline; the member is gone or replaced. */
    void cancelSessionTimeout(ClassicGroup group, String memberId) {
        timer.cancel(sessionKey(group, memberId));
    }

    /** Forgets {@code memberId} unless it joins within {@code timeoutMs}. */
    void schedulePendingTimeout(ClassicGroup group, String memberId, int timeoutMs) {
        timer.schedule(pendingKey(group, memberId), timeoutMs, () -> onPendingMemberTimeout(group, memberId));
    }

    /** The pending member joined: it now has a session timeout instead. */
    void cancelPendingTimeout(ClassicGroup group, String memberId) {
        timer.cancel(pendingKey(group, memberId));
    }

    private void onPendingMemberTimeout(ClassicGroup group, String memberId) {
        synchronized (group) {
            if (group.pendingMembers.remove(memberId)) {
                rebalancer.maybeCompleteJoin(group);
            }
        }
    }

    private static String sessionKey(ClassicGroup group, String memberId) {
        return "session\u0000" + group.groupId + "\u0000" + memberId;
    }

    private static String pendingKey(ClassicGroup group, String memberId) {
        return "pending\u0000" + group.groupId + "\u0000" + memberId;
    }
}
