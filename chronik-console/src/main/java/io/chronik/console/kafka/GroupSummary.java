package io.chronik.console.kafka;

/**
 * One consumer group in the group list.
 *
 * @param groupId    the group id
 * @param state      its state as the coordinator reports it ({@code Stable}, {@code Empty}, ...)
 * @param members    how many members it has
 * @param partitions how many partitions it has committed offsets for
 * @param totalLag   the sum of its lag over those partitions
 */
public record GroupSummary(String groupId, String state, int members, int partitions, long totalLag) {
}
