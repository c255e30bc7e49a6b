package io.chronik.core.group;

import java.util.Optional;

/**
 * A group member as persisted with its group's generation.
 *
 * @param subscription the member's metadata for the group's selected protocol
 * @param assignment   what the leader assigned it in that generation
 */
public record StoredMember(String memberId, Optional<String> groupInstanceId, String clientId, String clientHost,
                           int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
}
