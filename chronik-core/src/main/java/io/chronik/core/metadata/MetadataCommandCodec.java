package io.chronik.core.metadata;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * The binary form of a {@link MetadataCommand}, one per metadata-log record. Big-endian.
 *
 * <pre>
 * header (every command):
 *   0  format version : int8   (currently 1)
 *   1  command type   : int8   (1 = CreateTopic, 2 = DeleteTopic, 3 = AllocateProducerIds,
 *                               4 = AlterTopicConfigs, 5 = CreatePartitions, 6 = AdvanceLogStart)
 *   2  body ...
 *
 * CreateTopic body:
 *   2  topic id       : int64 most significant bits, int64 least significant bits
 *  18  partitions     : int32
 *  22  name           : string
 *      config count   : int32, then per entry: key : string, value : string
 *
 * DeleteTopic body:
 *   2  topic id       : int64 most significant bits, int64 least significant bits
 *
 * AllocateProducerIds body:
 *   2  first id       : int64
 *  10  count          : int32
 *
 * AlterTopicConfigs body:
 *   2  topic id       : int64, int64
 *  18  config count   : int32, then per entry: key : string, value : string
 *
 * CreatePartitions body:
 *   2  topic id       : int64, int64
 *  18  partitions     : int32
 *
 * AdvanceLogStart body:
 *   2  topic id       : int64, int64
 *  18  partition      : int32
 *  22  log start      : int64
 *
 * string = length : int32 | UTF-8 bytes
 * </pre>
 *
 * A decoder that meets a newer format version or an unknown type fails loudly rather than skipping:
 * skipping a metadata command would silently diverge the state.
 */
public final class MetadataCommandCodec {

    public static final byte FORMAT_VERSION = 1;
    static final byte TYPE_CREATE_TOPIC = 1;
    static final byte TYPE_DELETE_TOPIC = 2;
    static final byte TYPE_ALLOCATE_PRODUCER_IDS = 3;
    static final byte TYPE_ALTER_TOPIC_CONFIGS = 4;
    static final byte TYPE_CREATE_PARTITIONS = 5;
    static final byte TYPE_ADVANCE_LOG_START = 6;

    static final int VERSION_OFFSET = 0;
    static final int TYPE_OFFSET = VERSION_OFFSET + Byte.BYTES;
    static final int BODY_OFFSET = TYPE_OFFSET + Byte.BYTES;
    static final int TOPIC_ID_OFFSET = BODY_OFFSET;
    static final int PARTITIONS_OFFSET = TOPIC_ID_OFFSET + 2 * Long.BYTES;
    static final int NAME_OFFSET = PARTITIONS_OFFSET + Integer.BYTES;
    static final int FIRST_PRODUCER_ID_OFFSET = BODY_OFFSET;
    static final int PRODUCER_ID_COUNT_OFFSET = FIRST_PRODUCER_ID_OFFSET + Long.BYTES;
    static final int ALLOCATE_PRODUCER_IDS_SIZE = PRODUCER_ID_COUNT_OFFSET + Integer.BYTES;
    static final int ALTERED_CONFIGS_OFFSET = TOPIC_ID_OFFSET + 2 * Long.BYTES;
    static final int PARTITION_INDEX_OFFSET = TOPIC_ID_OFFSET + 2 * Long.BYTES;
    static final int LOG_START_OFFSET = PARTITION_INDEX_OFFSET + Integer.BYTES;
    static final int ADVANCE_LOG_START_SIZE = LOG_START_OFFSET + Long.BYTES;

    private MetadataCommandCodec() {
    }

    public static ByteBuffer encode(MetadataCommand command) {
        if (command instanceof MetadataCommand.CreateTopic create) {
            byte[] name = utf8(create.name());
            ByteBuffer buf = ByteBuffer.allocate(NAME_OFFSET + Integer.BYTES + name.length + configsSize(create.configs()));
            buf.put(FORMAT_VERSION).put(TYPE_CREATE_TOPIC);
            putUuid(buf, create.topicId());
            buf.putInt(create.partitions());
            putBytes(buf, name);
            putConfigs(buf, create.configs());
            return buf.flip();
        } else if (command instanceof MetadataCommand.DeleteTopic delete) {
            ByteBuffer buf = ByteBuffer.allocate(PARTITIONS_OFFSET);
            buf.put(FORMAT_VERSION).put(TYPE_DELETE_TOPIC);
            putUuid(buf, delete.topicId());
            return buf.flip();
        } else if (command instanceof MetadataCommand.AllocateProducerIds allocate) {
            ByteBuffer buf = ByteBuffer.allocate(ALLOCATE_PRODUCER_IDS_SIZE);
            buf.put(FORMAT_VERSION).put(TYPE_ALLOCATE_PRODUCER_IDS).putLong(allocate.firstId()).putInt(allocate.count());
            return buf.flip();
        } else if (command instanceof MetadataCommand.AlterTopicConfigs alter) {
            ByteBuffer buf = ByteBuffer.allocate(ALTERED_CONFIGS_OFFSET + configsSize(alter.configs()));
            buf.put(FORMAT_VERSION).put(TYPE_ALTER_TOPIC_CONFIGS);
            putUuid(buf, alter.topicId());
            putConfigs(buf, alter.configs());
            return buf.flip();
        } else if (command instanceof MetadataCommand.CreatePartitions grow) {
            ByteBuffer buf = ByteBuffer.allocate(PARTITIONS_OFFSET + Integer.BYTES);
            buf.put(FORMAT_VERSION).put(TYPE_CREATE_PARTITIONS);
            putUuid(buf, grow.topicId());
            buf.putInt(grow.partitions());
            return buf.flip();
        } else if (command instanceof MetadataCommand.AdvanceLogStart advance) {
            ByteBuffer buf = ByteBuffer.allocate(ADVANCE_LOG_START_SIZE);
            buf.put(FORMAT_VERSION).put(TYPE_ADVANCE_LOG_START);
            putUuid(buf, advance.topicId());
            buf.putInt(advance.partition()).putLong(advance.logStartOffset());
            return buf.flip();
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    public static MetadataCommand decode(ByteBuffer bytes) {
        ByteBuffer buf = bytes.duplicate();
        try {
            byte version = buf.get();
            if (version != FORMAT_VERSION) {
                throw new MetadataFormatException("metadata command format version " + version
                        + " is not supported (this node reads version " + FORMAT_VERSION + ")");
            }
            byte type = buf.get();
            MetadataCommand command = switch (type) {
                case TYPE_CREATE_TOPIC -> decodeCreateTopic(buf);
                case TYPE_DELETE_TOPIC -> new MetadataCommand.DeleteTopic(getUuid(buf));
                case TYPE_ALLOCATE_PRODUCER_IDS -> new MetadataCommand.AllocateProducerIds(buf.getLong(), buf.getInt());
                case TYPE_ALTER_TOPIC_CONFIGS -> new MetadataCommand.AlterTopicConfigs(getUuid(buf), getConfigs(buf));
                case TYPE_CREATE_PARTITIONS -> new MetadataCommand.CreatePartitions(getUuid(buf), buf.getInt());
                case TYPE_ADVANCE_LOG_START -> new MetadataCommand.AdvanceLogStart(getUuid(buf), buf.getInt(),
                        buf.getLong());
                default -> throw new MetadataFormatException("unknown metadata command type " + type);
            };
            if (buf.hasRemaining()) {
                throw new MetadataFormatException(buf.remaining() + " unexpected bytes after a command of type "
                        + type);
            }
            return command;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new MetadataFormatException("truncated or invalid metadata command: " + e, e);
        }
    }

    private static MetadataCommand decodeCreateTopic(ByteBuffer buf) {
        Uuid id = getUuid(buf);
        int partitions = buf.getInt();
        String name = getString(buf);
        return new MetadataCommand.CreateTopic(name, id, partitions, getConfigs(buf));
    }

    private static int configsSize(Map<String, String> configs) {
        int size = Integer.BYTES;
        for (Map.Entry<String, String> e : configs.entrySet()) {
            size += 2 * Integer.BYTES + utf8(e.getKey()).length + utf8(e.getValue()).length;
        }
        return size;
    }

    private static void putConfigs(ByteBuffer buf, Map<String, String> configs) {
        buf.putInt(configs.size());
        configs.forEach((k, v) -> {
            putBytes(buf, utf8(k));
            putBytes(buf, utf8(v));
        });
    }

    private static SortedMap<String, String> getConfigs(ByteBuffer buf) {
        int configCount = buf.getInt();
        if (configCount < 0) {
            throw new MetadataFormatException("negative config count " + configCount);
        }
        SortedMap<String, String> configs = new TreeMap<>();
        for (int i = 0; i < configCount; i++) {
            configs.put(getString(buf), getString(buf));
        }
        return configs;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putBytes(ByteBuffer buf, byte[] bytes) {
        buf.putInt(bytes.length).put(bytes);
    }

    private static String getString(ByteBuffer buf) {
        int length = buf.getInt();
        if (length < 0 || length > buf.remaining()) {
            throw new MetadataFormatException("string length " + length + " exceeds the " + buf.remaining()
                    + " bytes left");
        }
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void putUuid(ByteBuffer buf, Uuid id) {
        buf.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    }

    private static Uuid getUuid(ByteBuffer buf) {
        return new Uuid(buf.getLong(), buf.getLong());
    }
}
