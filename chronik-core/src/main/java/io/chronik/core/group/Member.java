package io.chronik.core.group;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * One member of a {@link ClassicGroup}: what it sent in its last JoinGroup, what it was assigned,
 * and the JoinGroup / SyncGroup response it is waiting for, if any. Guarded by the group's lock.
 */
final class Member {

    /** One protocol (assignor) a member supports, with its metadata for it. */
    record Protocol(String name, byte[] metadata) {
    }

    static final byte[] NO_BYTES = new byte[0];
    /** The member id of a first JoinGroup, and of a LeaveGroup that names only a static member. */
    static final String UNKNOWN_ID = "";

    final String memberId;
    final Optional<String> groupInstanceId;
    final String clientId;
    final String clientHost;
    int rebalanceTimeoutMs;
    int sessionTimeoutMs;
    List<Protocol> protocols;
    byte[] assignment = NO_BYTES;
    long heartbeatDeadlineMs;
    Optional<CompletableFuture<JoinGroupResponseData>> awaitingJoin = Optional.empty();
    Optional<CompletableFuture<SyncGroupResponseData>> awaitingSync = Optional.empty();

    Member(String memberId, Optional<String> groupInstanceId, String clientId, String clientHost,
           int rebalanceTimeoutMs, int sessionTimeoutMs, List<Protocol> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocols = List.copyOf(protocols);
    }

    static Member restored(StoredMember stored, String protocol) {
        Member member = new Member(stored.memberId(), stored.groupInstanceId(), stored.clientId(), stored.clientHost(),
                stored.rebalanceTimeoutMs(), stored.sessionTimeoutMs(),
                List.of(new Protocol(protocol, stored.subscription())));
        member.assignment = stored.assignment();
        return member;
    }

    /** The same member under a new member id (a static member rejoining), keeping its assignment. */
    Member withMemberId(String newMemberId) {
        Member copy = new Member(newMemberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs,
                sessionTimeoutMs, protocols);
        copy.assignment = assignment;
        copy.heartbeatDeadlineMs = heartbeatDeadlineMs;
        return copy;
    }

    /** This member's metadata for {@code protocol}, empty bytes if it does not support it. */
    byte[] metadata(String protocol) {
        return protocols.stream().filter(p -> p.name().equals(protocol)).findFirst()
                .map(Protocol::metadata).orElse(NO_BYTES);
    }

    /** Whether {@code others} are exactly this member's protocols, in order, with equal metadata. */
    boolean sameProtocols(List<Protocol> others) {
        if (others.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < others.size(); i++) {
            Protocol mine = protocols.get(i);
            Protocol theirs = others.get(i);
            if (!mine.name().equals(theirs.name()) || !Arrays.equals(mine.metadata(), theirs.metadata())) {
                return false;
            }
        }
        return true;
    }

    StoredMember toStored(String protocol) {
        return new StoredMember(memberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs, sessionTimeoutMs,
                metadata(protocol), assignment);
    }
}
