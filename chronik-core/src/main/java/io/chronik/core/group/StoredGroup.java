package io.chronik.core.group;

import java.util.List;
import java.util.Optional;

/**
 * A group's membership as persisted after each completed rebalance (and when it becomes empty).
 *
 * @param protocolType the members' protocol type ({@code consumer} for Kafka consumers), empty for a
 *                     group that only stores offsets
 * @param protocol     the selected protocol (assignor name), absent while the group has no members
 * @param leader       the leader's member id, absent while the group has no members
 */
public record StoredGroup(String protocolType, int generation, Optional<String> protocol, Optional<String> leader,
                          List<StoredMember> members) {

    public StoredGroup {
        members = List.copyOf(members);
    }
}
