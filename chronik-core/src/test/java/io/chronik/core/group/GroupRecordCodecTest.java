package io.chronik.core.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupRecordCodecTest {

    private static GroupRecord roundTrip(GroupRecord record) {
        GroupRecordCodec.Encoded encoded = GroupRecordCodec.encode(record);
        return GroupRecordCodec.decode(encoded.key(), encoded.value());
    }

    @Test
    void offsetCommitRoundTrips() {
        GroupRecord record = new GroupRecord.OffsetCommit("payments", "orders", 7,
                new CommittedOffset(123_456_789_012L, Optional.of(5), "checkpoint ✓", 1_700_000_000_123L));
        assertThat(roundTrip(record)).isEqualTo(record);
    }

    @Test
    void offsetWithoutEpochOrMetadataRoundTrips() {
        GroupRecord record = new GroupRecord.OffsetCommit("g", "t", 0, new CommittedOffset(0, Optional.empty(), "", 0));
        assertThat(roundTrip(record)).isEqualTo(record);
    }

    @Test
    void tombstonesHaveNoValueAndRoundTrip() {
        GroupRecord offsetTombstone = new GroupRecord.OffsetTombstone("g", "orders", 3);
        GroupRecord groupTombstone = new GroupRecord.GroupTombstone("g");
        assertThat(GroupRecordCodec.encode(offsetTombstone).value()).isEmpty();
        assertThat(GroupRecordCodec.encode(groupTombstone).value()).isEmpty();
        assertThat(roundTrip(offsetTombstone)).isEqualTo(offsetTombstone);
        assertThat(roundTrip(groupTombstone)).isEqualTo(groupTombstone);
    }

    @Test
    void groupMetadataRoundTripsWithStaticAndDynamicMembers() {
        StoredGroup group = new StoredGroup("consumer", 42, Optional.of("cooperative-sticky"), Optional.of("m-1"),
                List.of(new StoredMember("m-1", Optional.of("instance-a"), "client-a", "/10.0.0.1", 300_000, 45_000,
                                bytes("subscription-a"), bytes("assignment-a")),
                        new StoredMember("m-2", Optional.empty(), "client-b", "", 60_000, 10_000,
                                new byte[0], new byte[0])));
        GroupRecord decoded = roundTrip(new GroupRecord.GroupMetadata("g", group));
        assertThat(decoded).isInstanceOf(GroupRecord.GroupMetadata.class);
        assertThat(((GroupRecord.GroupMetadata) decoded).group()).usingRecursiveComparison().isEqualTo(group);
    }

    @Test
    void emptyGroupRoundTrips() {
        StoredGroup group = new StoredGroup("consumer", 3, Optional.empty(), Optional.empty(), List.of());
        GroupRecord decoded = roundTrip(new GroupRecord.GroupMetadata("g", group));
        assertThat(((GroupRecord.GroupMetadata) decoded).group()).usingRecursiveComparison().isEqualTo(group);
    }

    @Test
    void keyLayoutMatchesTheDocumentedOffsets() {
        ByteBuffer key = GroupRecordCodec.encode(new GroupRecord.OffsetTombstone("ab", "t", 9)).key();
        assertThat(key.getShort(GroupRecordCodec.KEY_VERSION_OFFSET)).isEqualTo(GroupRecordCodec.KEY_VERSION);
        assertThat(key.get(GroupRecordCodec.KEY_TYPE_OFFSET)).isEqualTo(GroupRecordCodec.TYPE_OFFSET);
        assertThat(key.getShort(GroupRecordCodec.KEY_GROUP_OFFSET)).isEqualTo((short) 2);
        assertThat(key.remaining()).isEqualTo(GroupRecordCodec.KEY_GROUP_OFFSET + 2 + 2 + 2 + 1 + 4);
        ByteBuffer value = GroupRecordCodec.encode(new GroupRecord.OffsetCommit("ab", "t", 9,
                new CommittedOffset(77, Optional.of(4), "", 99))).value().orElseThrow();
        assertThat(value.getLong(GroupRecordCodec.OFFSET_OFFSET)).isEqualTo(77);
        assertThat(value.getInt(GroupRecordCodec.LEADER_EPOCH_OFFSET)).isEqualTo(4);
        assertThat(value.getLong(GroupRecordCodec.COMMIT_TIMESTAMP_OFFSET)).isEqualTo(99);
    }

    @Test
    void unknownVersionsAndTypesAndTruncationAreRejected() {
        GroupRecordCodec.Encoded encoded = GroupRecordCodec.encode(new GroupRecord.OffsetCommit("g", "t", 1,
                new CommittedOffset(1, Optional.empty(), "", 1)));
        ByteBuffer newerKey = copy(encoded.key());
        newerKey.putShort(GroupRecordCodec.KEY_VERSION_OFFSET, (short) 9);
        assertThatThrownBy(() -> GroupRecordCodec.decode(newerKey, encoded.value()))
                .isInstanceOf(GroupFormatException.class).hasMessageContaining("key version 9");
        ByteBuffer unknownType = copy(encoded.key());
        unknownType.put(GroupRecordCodec.KEY_TYPE_OFFSET, (byte) 7);
        assertThatThrownBy(() -> GroupRecordCodec.decode(unknownType, encoded.value()))
                .isInstanceOf(GroupFormatException.class).hasMessageContaining("key type 7");
        ByteBuffer newerValue = copy(encoded.value().orElseThrow());
        newerValue.putShort(GroupRecordCodec.VALUE_VERSION_OFFSET, (short) 1);
        assertThatThrownBy(() -> GroupRecordCodec.decode(encoded.key(), Optional.of(newerValue)))
                .isInstanceOf(GroupFormatException.class).hasMessageContaining("value version 1");
        ByteBuffer truncated = copy(encoded.value().orElseThrow()).limit(10);
        assertThatThrownBy(() -> GroupRecordCodec.decode(encoded.key(), Optional.of(truncated)))
                .isInstanceOf(GroupFormatException.class).hasMessageContaining("truncated");
    }

    private static ByteBuffer copy(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source.duplicate());
        return copy.flip();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
