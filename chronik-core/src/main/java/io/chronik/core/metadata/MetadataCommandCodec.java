package io.chronik.core.metadata;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The binary form of a {@link MetadataCommand}, the payload of one data entry of the replicated
 * metadata log. Big-endian.
 *
 * <pre>
 * header (every command):
 *   0  format version : int8   (currently 4; version 3 is read too: it is version 4 without the
 *                               reassignment types 11 and 12)
 *   1  command type   : int8   (1 = CreateTopic, 2 = DeleteTopic, 3 = AllocateProducerIds,
 *                               4 = AlterTopicConfigs, 5 = CreatePartitions, 6 = AdvanceLogStart,
 *                               7 = RegisterBroker, 8 = FenceBroker, 9 = UnfenceBroker,
 *                               10 = ChangePartition, 11 = ReassignPartition,
 *                               12 = CancelReassignment)
 *   2  written at     : int64  (ms since the epoch on the controller that validated the command;
 *                               for people reading the log, never used to apply it)
 *  10  body ...
 *
 * CreateTopic body:
 *  10  topic id       : int64 most significant bits, int64 least significant bits
 *  26  name           : string
 *      configs        : config count int32, then per entry: key : string, value : string
 *      assignment
 *
 * DeleteTopic body:
 *  10  topic id       : int64, int64
 *
 * AllocateProducerIds body:
 *  10  first id       : int64
 *  18  count          : int32
 *
 * AlterTopicConfigs body:
 *  10  topic id       : int64, int64
 *  26  configs        : as above
 *
 * CreatePartitions body:
 *  10  topic id       : int64, int64
 *  26  partitions     : int32 (the new count)
 *  30  assignment     : of the added partitions
 *
 * AdvanceLogStart body:
 *  10  topic id       : int64, int64
 *  26  partition      : int32
 *  30  log start      : int64
 *
 * RegisterBroker body:
 *  10  node id        : int32
 *  14  port           : int32
 *  18  host           : string
 *
 * FenceBroker, UnfenceBroker body:
 *  10  node id        : int32
 *
 * ChangePartition body:
 *  10  topic id       : int64, int64
 *  26  partition      : int32
 *  30  leader         : int32 (-1 = none)
 *  34  leader epoch   : int32
 *  38  ISR            : count int32, then node ids int32
 *
 * ReassignPartition body:
 *  10  topic id       : int64, int64
 *  26  partition      : int32
 *  30  target         : count int32, then node ids int32 (in order: the first is the preferred leader)
 *
 * CancelReassignment body:
 *  10  topic id       : int64, int64
 *  26  partition      : int32
 *
 * string     = length : int32 | UTF-8 bytes
 * assignment = partition count : int32, then per partition: replica count int32, replica ids int32
 * </pre>
 *
 * A decoder that meets another format version or an unknown type fails loudly rather than skipping:
 * skipping a metadata command would silently diverge the state. Version 1 (before replica
 * assignments) is not read: it was never deployed.
 */
public final class MetadataCommandCodec {

    public static final byte FORMAT_VERSION = 4;
    /** The oldest format version this node reads. */
    static final byte OLDEST_READ_VERSION = 3;
    /** The first format version with the reassignment commands. */
    static final byte REASSIGNMENT_VERSION = 4;
    static final byte TYPE_CREATE_TOPIC = 1;
    static final byte TYPE_DELETE_TOPIC = 2;
    static final byte TYPE_ALLOCATE_PRODUCER_IDS = 3;
    static final byte TYPE_ALTER_TOPIC_CONFIGS = 4;
    static final byte TYPE_CREATE_PARTITIONS = 5;
    static final byte TYPE_ADVANCE_LOG_START = 6;
    static final byte TYPE_REGISTER_BROKER = 7;
    static final byte TYPE_FENCE_BROKER = 8;
    static final byte TYPE_UNFENCE_BROKER = 9;
    static final byte TYPE_CHANGE_PARTITION = 10;
    static final byte TYPE_REASSIGN_PARTITION = 11;
    static final byte TYPE_CANCEL_REASSIGNMENT = 12;

    static final int VERSION_OFFSET = 0;
    static final int TYPE_OFFSET = VERSION_OFFSET + Byte.BYTES;
    static final int WRITTEN_AT_OFFSET = TYPE_OFFSET + Byte.BYTES;
    static final int BODY_OFFSET = WRITTEN_AT_OFFSET + Long.BYTES;
    static final int TOPIC_ID_OFFSET = BODY_OFFSET;
    static final int AFTER_TOPIC_ID_OFFSET = TOPIC_ID_OFFSET + 2 * Long.BYTES;
    static final int PARTITION_INDEX_OFFSET = AFTER_TOPIC_ID_OFFSET;
    static final int LOG_START_OFFSET = PARTITION_INDEX_OFFSET + Integer.BYTES;
    static final int ADVANCE_LOG_START_SIZE = LOG_START_OFFSET + Long.BYTES;
    static final int LEADER_OFFSET = PARTITION_INDEX_OFFSET + Integer.BYTES;
    static final int LEADER_EPOCH_OFFSET = LEADER_OFFSET + Integer.BYTES;
    static final int ISR_OFFSET = LEADER_EPOCH_OFFSET + Integer.BYTES;
    static final int TARGET_OFFSET = PARTITION_INDEX_OFFSET + Integer.BYTES;
    static final int CANCEL_REASSIGNMENT_SIZE = PARTITION_INDEX_OFFSET + Integer.BYTES;
    static final int FIRST_PRODUCER_ID_OFFSET = BODY_OFFSET;
    static final int PRODUCER_ID_COUNT_OFFSET = FIRST_PRODUCER_ID_OFFSET + Long.BYTES;
    static final int ALLOCATE_PRODUCER_IDS_SIZE = PRODUCER_ID_COUNT_OFFSET + Integer.BYTES;
    static final int NODE_ID_OFFSET = BODY_OFFSET;
    static final int BROKER_PORT_OFFSET = NODE_ID_OFFSET + Integer.BYTES;
    static final int BROKER_HOST_OFFSET = BROKER_PORT_OFFSET + Integer.BYTES;
    static final int NODE_COMMAND_SIZE = NODE_ID_OFFSET + Integer.BYTES;

    private static final int NO_LEADER = -1;

    private MetadataCommandCodec() {
    }

    /**
     * @param writtenAtMs when the controller validated the command (ms since the epoch), kept for the
     *                    audit trail only
     */
    public static ByteBuffer encode(MetadataCommand command, long writtenAtMs) {
        if (command instanceof MetadataCommand.CreateTopic create) {
            byte[] name = utf8(create.name());
            ByteBuffer buf = header(AFTER_TOPIC_ID_OFFSET + Integer.BYTES + name.length + configsSize(create.configs())
                    + assignmentSize(create.assignment()), TYPE_CREATE_TOPIC, writtenAtMs);
            putUuid(buf, create.topicId());
            putBytes(buf, name);
            putConfigs(buf, create.configs());
            putAssignment(buf, create.assignment());
            return buf.flip();
        } else if (command instanceof MetadataCommand.DeleteTopic delete) {
            ByteBuffer buf = header(AFTER_TOPIC_ID_OFFSET, TYPE_DELETE_TOPIC, writtenAtMs);
            putUuid(buf, delete.topicId());
            return buf.flip();
        } else if (command instanceof MetadataCommand.AllocateProducerIds allocate) {
            return header(ALLOCATE_PRODUCER_IDS_SIZE, TYPE_ALLOCATE_PRODUCER_IDS, writtenAtMs)
                    .putLong(allocate.firstId()).putInt(allocate.count()).flip();
        } else if (command instanceof MetadataCommand.AlterTopicConfigs alter) {
            ByteBuffer buf = header(AFTER_TOPIC_ID_OFFSET + configsSize(alter.configs()), TYPE_ALTER_TOPIC_CONFIGS,
                    writtenAtMs);
            putUuid(buf, alter.topicId());
            putConfigs(buf, alter.configs());
            return buf.flip();
        } else if (command instanceof MetadataCommand.CreatePartitions grow) {
            ByteBuffer buf = header(AFTER_TOPIC_ID_OFFSET + Integer.BYTES + assignmentSize(grow.added()),
                    TYPE_CREATE_PARTITIONS, writtenAtMs);
            putUuid(buf, grow.topicId());
            buf.putInt(grow.partitions());
            putAssignment(buf, grow.added());
            return buf.flip();
        } else if (command instanceof MetadataCommand.AdvanceLogStart advance) {
            ByteBuffer buf = header(ADVANCE_LOG_START_SIZE, TYPE_ADVANCE_LOG_START, writtenAtMs);
            putUuid(buf, advance.topicId());
            return buf.putInt(advance.partition()).putLong(advance.logStartOffset()).flip();
        } else if (command instanceof MetadataCommand.RegisterBroker register) {
            byte[] host = utf8(register.host());
            ByteBuffer buf = header(BROKER_HOST_OFFSET + Integer.BYTES + host.length, TYPE_REGISTER_BROKER,
                    writtenAtMs);
            buf.putInt(register.nodeId()).putInt(register.port());
            putBytes(buf, host);
            return buf.flip();
        } else if (command instanceof MetadataCommand.FenceBroker fence) {
            return header(NODE_COMMAND_SIZE, TYPE_FENCE_BROKER, writtenAtMs).putInt(fence.nodeId()).flip();
        } else if (command instanceof MetadataCommand.UnfenceBroker unfence) {
            return header(NODE_COMMAND_SIZE, TYPE_UNFENCE_BROKER, writtenAtMs).putInt(unfence.nodeId()).flip();
        } else if (command instanceof MetadataCommand.ChangePartition change) {
            ByteBuffer buf = header(ISR_OFFSET + idsSize(change.isr()), TYPE_CHANGE_PARTITION, writtenAtMs);
            putUuid(buf, change.topicId());
            buf.putInt(change.partition()).putInt(change.leader().orElse(NO_LEADER)).putInt(change.leaderEpoch());
            putIds(buf, change.isr());
            return buf.flip();
        } else if (command instanceof MetadataCommand.ReassignPartition reassign) {
            ByteBuffer buf = header(TARGET_OFFSET + idsSize(reassign.target()), TYPE_REASSIGN_PARTITION, writtenAtMs);
            putUuid(buf, reassign.topicId());
            buf.putInt(reassign.partition());
            putIds(buf, reassign.target());
            return buf.flip();
        } else if (command instanceof MetadataCommand.CancelReassignment cancel) {
            ByteBuffer buf = header(CANCEL_REASSIGNMENT_SIZE, TYPE_CANCEL_REASSIGNMENT, writtenAtMs);
            putUuid(buf, cancel.topicId());
            return buf.putInt(cancel.partition()).flip();
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    /**
     * When the command in {@code bytes} was written (see the layout).
     *
     * @throws MetadataFormatException if the header is cut short or of another version
     */
    public static long writtenAt(ByteBuffer bytes) {
        ByteBuffer buf = bytes.duplicate();
        try {
            checkVersion(buf.get());
            buf.get();
            return buf.getLong();
        } catch (BufferUnderflowException e) {
            throw new MetadataFormatException("metadata command header cut short at " + bytes.remaining() + " bytes");
        }
    }

    private static byte checkVersion(byte version) {
        if (version < OLDEST_READ_VERSION || version > FORMAT_VERSION) {
            throw new MetadataFormatException("metadata command format version " + version
                    + " is not supported (this node reads versions " + OLDEST_READ_VERSION + " to " + FORMAT_VERSION
                    + ")");
        }
        return version;
    }

    public static MetadataCommand decode(ByteBuffer bytes) {
        ByteBuffer buf = bytes.duplicate();
        try {
            byte version = checkVersion(buf.get());
            byte type = buf.get();
            buf.getLong(); // written at: not part of the command
            if (type >= TYPE_REASSIGN_PARTITION && version < REASSIGNMENT_VERSION) {
                throw new MetadataFormatException("metadata command type " + type + " needs format version "
                        + REASSIGNMENT_VERSION + ", found in version " + version);
            }
            MetadataCommand command = switch (type) {
                case TYPE_CREATE_TOPIC -> {
                    Uuid id = getUuid(buf);
                    String name = getString(buf);
                    SortedMap<String, String> configs = getConfigs(buf);
                    yield new MetadataCommand.CreateTopic(name, id, getAssignment(buf), configs);
                }
                case TYPE_DELETE_TOPIC -> new MetadataCommand.DeleteTopic(getUuid(buf));
                case TYPE_ALLOCATE_PRODUCER_IDS -> new MetadataCommand.AllocateProducerIds(buf.getLong(), buf.getInt());
                case TYPE_ALTER_TOPIC_CONFIGS -> new MetadataCommand.AlterTopicConfigs(getUuid(buf), getConfigs(buf));
                case TYPE_CREATE_PARTITIONS -> new MetadataCommand.CreatePartitions(getUuid(buf), buf.getInt(),
                        getAssignment(buf));
                case TYPE_ADVANCE_LOG_START -> new MetadataCommand.AdvanceLogStart(getUuid(buf), buf.getInt(),
                        buf.getLong());
                case TYPE_REGISTER_BROKER -> {
                    int nodeId = buf.getInt();
                    int port = buf.getInt();
                    yield new MetadataCommand.RegisterBroker(nodeId, getString(buf), port);
                }
                case TYPE_FENCE_BROKER -> new MetadataCommand.FenceBroker(buf.getInt());
                case TYPE_UNFENCE_BROKER -> new MetadataCommand.UnfenceBroker(buf.getInt());
                case TYPE_CHANGE_PARTITION -> {
                    Uuid id = getUuid(buf);
                    int partition = buf.getInt();
                    int leader = buf.getInt();
                    int epoch = buf.getInt();
                    if (leader < NO_LEADER) {
                        throw new MetadataFormatException("invalid leader " + leader);
                    }
                    yield new MetadataCommand.ChangePartition(id, partition,
                            leader == NO_LEADER ? OptionalInt.empty() : OptionalInt.of(leader), epoch, getIds(buf));
                }
                case TYPE_REASSIGN_PARTITION -> new MetadataCommand.ReassignPartition(getUuid(buf), buf.getInt(),
                        getIdList(buf));
                case TYPE_CANCEL_REASSIGNMENT -> new MetadataCommand.CancelReassignment(getUuid(buf), buf.getInt());
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

    private static ByteBuffer header(int size, byte type, long writtenAtMs) {
        return ByteBuffer.allocate(size).put(FORMAT_VERSION).put(type).putLong(writtenAtMs);
    }

    static int configsSize(Map<String, String> configs) {
        int size = Integer.BYTES;
        for (Map.Entry<String, String> e : configs.entrySet()) {
            size += 2 * Integer.BYTES + utf8(e.getKey()).length + utf8(e.getValue()).length;
        }
        return size;
    }

    static void putConfigs(ByteBuffer buf, Map<String, String> configs) {
        buf.putInt(configs.size());
        configs.forEach((k, v) -> {
            putBytes(buf, utf8(k));
            putBytes(buf, utf8(v));
        });
    }

    static SortedMap<String, String> getConfigs(ByteBuffer buf) {
        int configCount = count(buf, "config");
        SortedMap<String, String> configs = new TreeMap<>();
        for (int i = 0; i < configCount; i++) {
            configs.put(getString(buf), getString(buf));
        }
        return configs;
    }

    private static int assignmentSize(List<List<Integer>> assignment) {
        return Integer.BYTES + assignment.stream().mapToInt(MetadataCommandCodec::idsSize).sum();
    }

    private static void putAssignment(ByteBuffer buf, List<List<Integer>> assignment) {
        buf.putInt(assignment.size());
        assignment.forEach(replicas -> putIds(buf, replicas));
    }

    private static List<List<Integer>> getAssignment(ByteBuffer buf) {
        int partitions = count(buf, "partition");
        List<List<Integer>> assignment = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            assignment.add(getIdList(buf));
        }
        return assignment;
    }

    /** Replica ids in their stored order. */
    static List<Integer> getIdList(ByteBuffer buf) {
        int replicas = count(buf, "replica");
        List<Integer> ids = new ArrayList<>(replicas);
        for (int r = 0; r < replicas; r++) {
            ids.add(buf.getInt());
        }
        return ids;
    }

    static int idsSize(Collection<Integer> ids) {
        return Integer.BYTES * (1 + ids.size());
    }

    static void putIds(ByteBuffer buf, Collection<Integer> ids) {
        buf.putInt(ids.size());
        ids.forEach(buf::putInt);
    }

    static SortedSet<Integer> getIds(ByteBuffer buf) {
        int count = count(buf, "node id");
        SortedSet<Integer> ids = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            ids.add(buf.getInt());
        }
        return ids;
    }

    /** A count of items of at least 4 bytes each, checked against what is left. */
    static int count(ByteBuffer buf, String what) {
        int count = buf.getInt();
        if (count < 0 || count > buf.remaining() / Integer.BYTES + 1) {
            throw new MetadataFormatException("invalid " + what + " count " + count + " with " + buf.remaining()
                    + " bytes left");
        }
        return count;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void putBytes(ByteBuffer buf, byte[] bytes) {
        buf.putInt(bytes.length).put(bytes);
    }

    static String getString(ByteBuffer buf) {
        int length = buf.getInt();
        if (length < 0 || length > buf.remaining()) {
            throw new MetadataFormatException("string length " + length + " exceeds the " + buf.remaining()
                    + " bytes left");
        }
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static void putUuid(ByteBuffer buf, Uuid id) {
        buf.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    }

    static Uuid getUuid(ByteBuffer buf) {
        return new Uuid(buf.getLong(), buf.getLong());
    }
}
