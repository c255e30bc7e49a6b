package io.chronik.core.group;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/** JoinGroup and SyncGroup responses built from a group's state; callers hold the group's monitor. */
final class GroupResponses {

    private GroupResponses() {
    }

    static JoinGroupResponseData joinResponse(ClassicGroup group, Member member, boolean skipAssignment) {
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

    static JoinGroupResponseData joinErrorResponse(Errors error, String memberId) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setMemberId(memberId).setGenerationId(-1);
    }

    static CompletableFuture<JoinGroupResponseData> joinError(Errors error, String memberId) {
        return CompletableFuture.completedFuture(joinErrorResponse(error, memberId));
    }

    static SyncGroupResponseData syncResponse(ClassicGroup group, Member member) {
        return new SyncGroupResponseData()
                .setProtocolType(group.protocolType.orElse(null))
                .setProtocolName(group.protocol.orElse(null))
                .setAssignment(member.assignment);
    }

    static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(Member.NO_BYTES);
    }
}
