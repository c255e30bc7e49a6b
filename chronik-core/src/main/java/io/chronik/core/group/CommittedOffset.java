package io.chronik.core.group;

import java.util.Optional;

/**
 * One committed position of a group in a partition.
 *
 * @param offset            the next offset the group will consume
 * @param leaderEpoch       the leader epoch of the last consumed record, if the client sent one
 * @param metadata          the client's free-form string (empty when it sent none)
 * @param commitTimestampMs when the coordinator accepted the commit
 */
public record CommittedOffset(long offset, Optional<Integer> leaderEpoch, String metadata, long commitTimestampMs) {
}
