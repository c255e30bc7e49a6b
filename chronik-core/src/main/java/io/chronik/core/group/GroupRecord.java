package io.chronik.core.group;

/**
 * One record of {@code __consumer_offsets}: the latest record for a key wins, a tombstone removes
 * the key. The byte form is {@link GroupRecordCodec}'s.
 */
public sealed interface GroupRecord {

    /** The group the record belongs to; it decides the partition the record is stored in. */
    String groupId();

    /** A committed offset of {@code groupId} for one partition. */
    record OffsetCommit(String groupId, String topic, int partition, CommittedOffset offset) implements GroupRecord {
    }

    /** Removes the committed offset of {@code groupId} for one partition. */
    record OffsetTombstone(String groupId, String topic, int partition) implements GroupRecord {
    }

    /** The group's generation and members. */
    record GroupMetadata(String groupId, StoredGroup group) implements GroupRecord {
    }

    /** Removes the group's metadata (the group was deleted). */
    record GroupTombstone(String groupId) implements GroupRecord {
    }
}
