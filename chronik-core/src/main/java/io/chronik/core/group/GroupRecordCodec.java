package io.chronik.core.group;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The key/value form of a {@link GroupRecord}, stored as the key and value of one Kafka record in a
 * {@code __consumer_offsets} partition. A tombstone is a key with a null value. Big-endian.
 *
 * <pre>
 * key (every record):
 *   0  key version      : int16 (currently 0)
 *   2  key type         : int8  (1 = offset, 2 = group)
 *   3  group id         : string
 *      offset keys only: topic : string, partition : int32
 *
 * offset value:
 *   0  value version    : int16 (currently 0)
 *   2  offset           : int64
 *  10  leader epoch     : int32 (-1 = none)
 *  14  commit timestamp : int64
 *  22  metadata         : string
 *
 * group value:
 *   0  value version    : int16 (currently 0)
 *   2  generation       : int32
 *   6  protocol type    : string
 *      protocol         : nullable string
 *      leader           : nullable string
 *      member count     : int32, then per member:
 *        member id, group instance id (nullable), client id, client host : strings
 *        rebalance timeout ms, session timeout ms : int32
 *        subscription, assignment : bytes
 *
 * string = length : int16 | UTF-8 bytes      (nullable: length -1 = absent)
 * bytes  = length : int32 | bytes
 * </pre>
 *
 * A newer key or value version, or an unknown key type, fails loudly: skipping a record would
 * silently lose a committed offset.
 */
public final class GroupRecordCodec {

    public static final short KEY_VERSION = 0;
    public static final short VALUE_VERSION = 0;
    static final byte TYPE_OFFSET = 1;
    static final byte TYPE_GROUP = 2;

    static final int KEY_VERSION_OFFSET = 0;
    static final int KEY_TYPE_OFFSET = KEY_VERSION_OFFSET + Short.BYTES;
    static final int KEY_GROUP_OFFSET = KEY_TYPE_OFFSET + Byte.BYTES;

    static final int VALUE_VERSION_OFFSET = 0;
    static final int OFFSET_OFFSET = VALUE_VERSION_OFFSET + Short.BYTES;
    static final int LEADER_EPOCH_OFFSET = OFFSET_OFFSET + Long.BYTES;
    static final int COMMIT_TIMESTAMP_OFFSET = LEADER_EPOCH_OFFSET + Integer.BYTES;
    static final int METADATA_OFFSET = COMMIT_TIMESTAMP_OFFSET + Long.BYTES;

    static final int GENERATION_OFFSET = VALUE_VERSION_OFFSET + Short.BYTES;
    static final int PROTOCOL_TYPE_OFFSET = GENERATION_OFFSET + Integer.BYTES;

    private GroupRecordCodec() {
    }

    /** A record's stored form: a key, and a value unless it is a tombstone. */
    public record Encoded(ByteBuffer key, Optional<ByteBuffer> value) {
    }

    public static Encoded encode(GroupRecord record) {
        if (record instanceof GroupRecord.OffsetCommit commit) {
            return new Encoded(offsetKey(commit.groupId(), commit.topic(), commit.partition()),
                    Optional.of(offsetValue(commit.offset())));
        } else if (record instanceof GroupRecord.OffsetTombstone tombstone) {
            return new Encoded(offsetKey(tombstone.groupId(), tombstone.topic(), tombstone.partition()),
                    Optional.empty());
        } else if (record instanceof GroupRecord.GroupMetadata metadata) {
            return new Encoded(groupKey(metadata.groupId()), Optional.of(groupValue(metadata.group())));
        } else if (record instanceof GroupRecord.GroupTombstone tombstone) {
            return new Encoded(groupKey(tombstone.groupId()), Optional.empty());
        }
        throw new IllegalArgumentException("unknown group record " + record);
    }

    /**
     * Decodes one stored record.
     *
     * @param value empty for a tombstone
     * @throws GroupFormatException naming what is wrong
     */
    public static GroupRecord decode(ByteBuffer key, Optional<ByteBuffer> value) {
        try {
            ByteBuffer k = key.duplicate();
            short keyVersion = k.getShort();
            if (keyVersion != KEY_VERSION) {
                throw new GroupFormatException("unsupported group record key version " + keyVersion);
            }
            byte type = k.get();
            String groupId = getString(k);
            if (type == TYPE_OFFSET) {
                String topic = getString(k);
                int partition = k.getInt();
                return value.<GroupRecord>map(v -> new GroupRecord.OffsetCommit(groupId, topic, partition,
                                decodeOffset(v.duplicate())))
                        .orElseGet(() -> new GroupRecord.OffsetTombstone(groupId, topic, partition));
            } else if (type == TYPE_GROUP) {
                return value.<GroupRecord>map(v -> new GroupRecord.GroupMetadata(groupId, decodeGroup(v.duplicate())))
                        .orElseGet(() -> new GroupRecord.GroupTombstone(groupId));
            }
            throw new GroupFormatException("unknown group record key type " + type);
        } catch (BufferUnderflowException e) {
            throw new GroupFormatException("group record is truncated", e);
        }
    }

    private static ByteBuffer offsetKey(String groupId, String topic, int partition) {
        byte[] group = utf8(groupId);
        byte[] topicBytes = utf8(topic);
        ByteBuffer buf = ByteBuffer.allocate(KEY_GROUP_OFFSET + stringSize(group) + stringSize(topicBytes)
                + Integer.BYTES);
        buf.putShort(KEY_VERSION).put(TYPE_OFFSET);
        putString(buf, group);
        putString(buf, topicBytes);
        buf.putInt(partition);
        return buf.flip();
    }

    private static ByteBuffer groupKey(String groupId) {
        byte[] group = utf8(groupId);
        ByteBuffer buf = ByteBuffer.allocate(KEY_GROUP_OFFSET + stringSize(group));
        buf.putShort(KEY_VERSION).put(TYPE_GROUP);
        putString(buf, group);
        return buf.flip();
    }

    private static ByteBuffer offsetValue(CommittedOffset offset) {
        byte[] metadata = utf8(offset.metadata());
        ByteBuffer buf = ByteBuffer.allocate(METADATA_OFFSET + stringSize(metadata));
        buf.putShort(VALUE_VERSION)
                .putLong(offset.offset())
                .putInt(offset.leaderEpoch().orElse(-1))
                .putLong(offset.commitTimestampMs());
        putString(buf, metadata);
        return buf.flip();
    }

    private static CommittedOffset decodeOffset(ByteBuffer v) {
        checkValueVersion(v.getShort());
        long offset = v.getLong();
        int epoch = v.getInt();
        long timestamp = v.getLong();
        String metadata = getString(v);
        return new CommittedOffset(offset, epoch < 0 ? Optional.empty() : Optional.of(epoch), metadata, timestamp);
    }

    private static ByteBuffer groupValue(StoredGroup group) {
        List<byte[][]> members = new ArrayList<>();
        byte[] protocolType = utf8(group.protocolType());
        byte[] protocol = group.protocol().map(GroupRecordCodec::utf8).orElse(null);
        byte[] leader = group.leader().map(GroupRecordCodec::utf8).orElse(null);
        int size = PROTOCOL_TYPE_OFFSET + stringSize(protocolType) + stringSize(protocol) + stringSize(leader)
                + Integer.BYTES;
        for (StoredMember m : group.members()) {
            byte[][] strings = {utf8(m.memberId()), m.groupInstanceId().map(GroupRecordCodec::utf8).orElse(null),
                    utf8(m.clientId()), utf8(m.clientHost())};
            members.add(strings);
            for (byte[] s : strings) {
                size += stringSize(s);
            }
            size += 2 * Integer.BYTES + 2 * Integer.BYTES + m.subscription().length + m.assignment().length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putShort(VALUE_VERSION).putInt(group.generation());
        putString(buf, protocolType);
        putString(buf, protocol);
        putString(buf, leader);
        buf.putInt(group.members().size());
        for (int i = 0; i < members.size(); i++) {
            StoredMember m = group.members().get(i);
            for (byte[] s : members.get(i)) {
                putString(buf, s);
            }
            buf.putInt(m.rebalanceTimeoutMs()).putInt(m.sessionTimeoutMs());
            buf.putInt(m.subscription().length).put(m.subscription());
            buf.putInt(m.assignment().length).put(m.assignment());
        }
        return buf.flip();
    }

    private static StoredGroup decodeGroup(ByteBuffer v) {
        checkValueVersion(v.getShort());
        int generation = v.getInt();
        String protocolType = getString(v);
        Optional<String> protocol = getNullableString(v);
        Optional<String> leader = getNullableString(v);
        int count = v.getInt();
        if (count < 0 || count > v.remaining()) {
            throw new GroupFormatException("group record claims " + count + " members in " + v.remaining() + " bytes");
        }
        List<StoredMember> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String memberId = getString(v);
            Optional<String> instanceId = getNullableString(v);
            String clientId = getString(v);
            String clientHost = getString(v);
            int rebalanceTimeout = v.getInt();
            int sessionTimeout = v.getInt();
            members.add(new StoredMember(memberId, instanceId, clientId, clientHost, rebalanceTimeout, sessionTimeout,
                    getBytes(v), getBytes(v)));
        }
        return new StoredGroup(protocolType, generation, protocol, leader, members);
    }

    private static void checkValueVersion(short version) {
        if (version != VALUE_VERSION) {
            throw new GroupFormatException("unsupported group record value version " + version);
        }
    }

    private static byte[] utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes is too long for a group record");
        }
        return bytes;
    }

    private static int stringSize(byte[] s) {
        return Short.BYTES + (s == null ? 0 : s.length);
    }

    private static void putString(ByteBuffer buf, byte[] s) {
        if (s == null) {
            buf.putShort((short) -1);
        } else {
            buf.putShort((short) s.length).put(s);
        }
    }

    private static String getString(ByteBuffer buf) {
        return getNullableString(buf).orElseThrow(() -> new GroupFormatException("null string where one is required"));
    }

    private static Optional<String> getNullableString(ByteBuffer buf) {
        short length = buf.getShort();
        if (length < 0) {
            return Optional.empty();
        }
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    private static byte[] getBytes(ByteBuffer buf) {
        int length = buf.getInt();
        if (length < 0 || length > buf.remaining()) {
            throw new GroupFormatException("byte field of length " + length + " with " + buf.remaining() + " bytes left");
        }
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return bytes;
    }
}
