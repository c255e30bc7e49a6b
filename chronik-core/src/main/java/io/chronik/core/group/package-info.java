/**
 * The classic-protocol group coordinator: consumer-group membership and rebalancing
 * ({@link io.chronik.core.group.GroupCoordinator}, state per group in {@code ClassicGroup}),
 * group administration ({@link io.chronik.core.group.GroupAdmin}), and committed offsets and group
 * metadata persisted as records of the internal topic {@code __consumer_offsets}
 * ({@link io.chronik.core.group.OffsetsTopic} does the I/O, {@link io.chronik.core.group.GroupRecordCodec}
 * owns the byte format).
 *
 * <p>A group's records live in partition {@code abs(groupId.hashCode()) % partitions} of the topic,
 * so a later multi-node coordinator can be the leader of exactly that partition. The Kafka wire
 * handlers that call into this package are in {@code io.chronik.core.kafka}.
 */
package io.chronik.core.group;
