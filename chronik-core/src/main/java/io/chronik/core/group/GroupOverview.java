package io.chronik.core.group;

/** What ListGroups shows of a group. */
public record GroupOverview(String groupId, String protocolType, GroupState state) {
}
