package io.chronik.core.cluster;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

/**
 * The forwarding envelope: a {@link MetadataOperation} as a follower sends it to the controller
 * through the {@code LeaderForwarder}, and the {@link OperationResult} that comes back. Big-endian.
 *
 * <pre>
 * request:
 *   0  format version : int8   (currently 1)
 *   1  operation type : int8   (1 = CreateTopic, 2 = DeleteTopic, 3 = CreatePartitions, 4 = AlterConfigs,
 *                               5 = AllocateProducerIds, 6 = AdvanceLogStart, 7 = RegisterBroker,
 *                               8 = BrokerHeartbeat, 9 = AlterIsr, 10 = BrokerShutdown,
 *                               11 = ReassignPartition)
 *   2  body ...
 *
 *   CreateTopic         : validate only int8 | partitions int32 | replication factor int32 | name string
 *                         | configs | assignment
 *   DeleteTopic         : topic id
 *   CreatePartitions    : validate only int8 | partitions int32 | name string
 *   AlterConfigs        : validate only int8 | topic id | configs
 *   AllocateProducerIds : count int32
 *   AdvanceLogStart     : topic id | partition int32 | log start int64
 *   RegisterBroker      : node id int32 | port int32 | host string
 *   BrokerHeartbeat     : node id int32
 *   BrokerShutdown      : node id int32
 *   AlterIsr            : topic id | partition int32 | leader id int32 | leader epoch int32 | ISR ids
 *   ReassignPartition   : allow replication factor change int8 | partition int32 | topic string
 *                         | has target int8 | target ids (in order, only if it has one)
 *
 * response:
 *   0  format version : int8   (currently 1)
 *   1  error code     : int16  (a Kafka error code, 0 = none)
 *   3  applied offset : int64  (-1 = nothing written)
 *  11  value          : int64
 *  19  message        : int32 length (-1 = none) | UTF-8 bytes
 *
 * topic id   = int64 most significant bits | int64 least significant bits
 * string     = length int32 | UTF-8 bytes
 * configs    = count int32, then per entry: key string | value string
 * ids        = count int32, then int32 each
 * assignment = partition count int32, then ids per partition
 * </pre>
 *
 * Decoding checks every length and fails with {@link PeerFormatException} naming what is wrong;
 * trailing bytes and other format versions are refused.
 */
public final class MetadataOperationCodec {

    public static final byte FORMAT_VERSION = 1;
    static final byte TYPE_CREATE_TOPIC = 1;
    static final byte TYPE_DELETE_TOPIC = 2;
    static final byte TYPE_CREATE_PARTITIONS = 3;
    static final byte TYPE_ALTER_CONFIGS = 4;
    static final byte TYPE_ALLOCATE_PRODUCER_IDS = 5;
    static final byte TYPE_ADVANCE_LOG_START = 6;
    static final byte TYPE_REGISTER_BROKER = 7;
    static final byte TYPE_BROKER_HEARTBEAT = 8;
    static final byte TYPE_ALTER_ISR = 9;
    static final byte TYPE_BROKER_SHUTDOWN = 10;
    static final byte TYPE_REASSIGN_PARTITION = 11;

    static final int VERSION_OFFSET = 0;
    static final int TYPE_OFFSET = VERSION_OFFSET + Byte.BYTES;
    static final int BODY_OFFSET = TYPE_OFFSET + Byte.BYTES;
    static final int ERROR_CODE_OFFSET = VERSION_OFFSET + Byte.BYTES;
    static final int APPLIED_OFFSET_OFFSET = ERROR_CODE_OFFSET + Short.BYTES;
    static final int VALUE_OFFSET = APPLIED_OFFSET_OFFSET + Long.BYTES;
    static final int MESSAGE_OFFSET = VALUE_OFFSET + Long.BYTES;

    private static final int NO_MESSAGE = -1;

    private MetadataOperationCodec() {
    }

    public static ByteBuffer encodeRequest(MetadataOperation operation) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            if (operation instanceof MetadataOperation.CreateTopic op) {
                out.writeByte(TYPE_CREATE_TOPIC);
                out.writeBoolean(op.validateOnly());
                out.writeInt(op.partitions());
                out.writeInt(op.replicationFactor());
                writeString(out, op.name());
                writeConfigs(out, op.configs());
                out.writeInt(op.assignment().size());
                for (List<Integer> replicas : op.assignment()) {
                    writeIds(out, replicas);
                }
            } else if (operation instanceof MetadataOperation.DeleteTopic op) {
                out.writeByte(TYPE_DELETE_TOPIC);
                writeUuid(out, op.topicId());
            } else if (operation instanceof MetadataOperation.CreatePartitions op) {
                out.writeByte(TYPE_CREATE_PARTITIONS);
                out.writeBoolean(op.validateOnly());
                out.writeInt(op.partitions());
                writeString(out, op.name());
            } else if (operation instanceof MetadataOperation.AlterConfigs op) {
                out.writeByte(TYPE_ALTER_CONFIGS);
                out.writeBoolean(op.validateOnly());
                writeUuid(out, op.topicId());
                writeConfigs(out, op.configs());
            } else if (operation instanceof MetadataOperation.AllocateProducerIds op) {
                out.writeByte(TYPE_ALLOCATE_PRODUCER_IDS);
                out.writeInt(op.count());
            } else if (operation instanceof MetadataOperation.AdvanceLogStart op) {
                out.writeByte(TYPE_ADVANCE_LOG_START);
                writeUuid(out, op.topicId());
                out.writeInt(op.partition());
                out.writeLong(op.logStartOffset());
            } else if (operation instanceof MetadataOperation.RegisterBroker op) {
                out.writeByte(TYPE_REGISTER_BROKER);
                out.writeInt(op.nodeId());
                out.writeInt(op.port());
                writeString(out, op.host());
            } else if (operation instanceof MetadataOperation.BrokerHeartbeat op) {
                out.writeByte(TYPE_BROKER_HEARTBEAT);
                out.writeInt(op.nodeId());
            } else if (operation instanceof MetadataOperation.BrokerShutdown op) {
                out.writeByte(TYPE_BROKER_SHUTDOWN);
                out.writeInt(op.nodeId());
            } else if (operation instanceof MetadataOperation.AlterIsr op) {
                out.writeByte(TYPE_ALTER_ISR);
                writeUuid(out, op.topicId());
                out.writeInt(op.partition());
                out.writeInt(op.leaderId());
                out.writeInt(op.leaderEpoch());
                writeIds(out, op.isr());
            } else if (operation instanceof MetadataOperation.ReassignPartition op) {
                out.writeByte(TYPE_REASSIGN_PARTITION);
                out.writeBoolean(op.allowReplicationFactorChange());
                out.writeInt(op.partition());
                writeString(out, op.topic());
                out.writeBoolean(op.target().isPresent());
                if (op.target().isPresent()) {
                    writeIds(out, op.target().get());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    /** Decodes a request from {@code bytes} (position to limit; the buffer is not consumed). */
    public static MetadataOperation decodeRequest(ByteBuffer bytes) {
        ByteBuffer buf = bytes.duplicate();
        try {
            checkVersion(buf, "request");
            byte type = buf.get();
            MetadataOperation operation = switch (type) {
                case TYPE_CREATE_TOPIC -> {
                    boolean validateOnly = bool(buf);
                    int partitions = buf.getInt();
                    int replicationFactor = buf.getInt();
                    String name = string(buf);
                    SortedMap<String, String> configs = configs(buf);
                    int count = count(buf, "partition");
                    List<List<Integer>> assignment = new ArrayList<>(count);
                    for (int p = 0; p < count; p++) {
                        assignment.add(idList(buf));
                    }
                    yield new MetadataOperation.CreateTopic(name, partitions, replicationFactor, assignment, configs,
                            validateOnly);
                }
                case TYPE_DELETE_TOPIC -> new MetadataOperation.DeleteTopic(uuid(buf));
                case TYPE_CREATE_PARTITIONS -> {
                    boolean validateOnly = bool(buf);
                    int partitions = buf.getInt();
                    yield new MetadataOperation.CreatePartitions(string(buf), partitions, validateOnly);
                }
                case TYPE_ALTER_CONFIGS -> {
                    boolean validateOnly = bool(buf);
                    yield new MetadataOperation.AlterConfigs(uuid(buf), configs(buf), validateOnly);
                }
                case TYPE_ALLOCATE_PRODUCER_IDS -> new MetadataOperation.AllocateProducerIds(buf.getInt());
                case TYPE_ADVANCE_LOG_START -> new MetadataOperation.AdvanceLogStart(uuid(buf), buf.getInt(),
                        buf.getLong());
                case TYPE_REGISTER_BROKER -> {
                    int nodeId = buf.getInt();
                    int port = buf.getInt();
                    yield new MetadataOperation.RegisterBroker(nodeId, string(buf), port);
                }
                case TYPE_BROKER_HEARTBEAT -> new MetadataOperation.BrokerHeartbeat(buf.getInt());
                case TYPE_BROKER_SHUTDOWN -> new MetadataOperation.BrokerShutdown(buf.getInt());
                case TYPE_ALTER_ISR -> new MetadataOperation.AlterIsr(uuid(buf), buf.getInt(), buf.getInt(),
                        buf.getInt(), ids(buf));
                case TYPE_REASSIGN_PARTITION -> {
                    boolean allowReplicationFactorChange = bool(buf);
                    int partition = buf.getInt();
                    String topic = string(buf);
                    Optional<List<Integer>> target = bool(buf) ? Optional.of(idList(buf)) : Optional.empty();
                    yield new MetadataOperation.ReassignPartition(topic, partition, target,
                            allowReplicationFactorChange);
                }
                default -> throw new PeerFormatException("unknown metadata operation type " + type);
            };
            checkEnd(buf, "operation of type " + type);
            return operation;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new PeerFormatException("truncated or invalid metadata operation: " + e, e);
        }
    }

    public static ByteBuffer encodeResponse(OperationResult result) {
        byte[] message = result.message().map(m -> m.getBytes(StandardCharsets.UTF_8)).orElse(null);
        ByteBuffer buf = ByteBuffer.allocate(MESSAGE_OFFSET + Integer.BYTES + (message == null ? 0 : message.length));
        buf.put(FORMAT_VERSION).putShort(result.error().code()).putLong(result.appliedOffset()).putLong(result.value());
        if (message == null) {
            buf.putInt(NO_MESSAGE);
        } else {
            buf.putInt(message.length).put(message);
        }
        return buf.flip();
    }

    public static OperationResult decodeResponse(ByteBuffer bytes) {
        ByteBuffer buf = bytes.duplicate();
        try {
            checkVersion(buf, "response");
            Errors error = Errors.forCode(buf.getShort());
            long appliedOffset = buf.getLong();
            long value = buf.getLong();
            int length = buf.getInt();
            Optional<String> message = length == NO_MESSAGE ? Optional.empty() : Optional.of(string(buf, length));
            checkEnd(buf, "operation response");
            if (appliedOffset < -1) {
                throw new PeerFormatException("invalid applied offset " + appliedOffset);
            }
            return new OperationResult(error, message, appliedOffset, value);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new PeerFormatException("truncated or invalid metadata operation response: " + e, e);
        }
    }

    private static void checkVersion(ByteBuffer buf, String what) {
        byte version = buf.get();
        if (version != FORMAT_VERSION) {
            throw new PeerFormatException("metadata operation " + what + " format version " + version
                    + " is not supported (this node reads version " + FORMAT_VERSION + ")");
        }
    }

    private static void checkEnd(ByteBuffer buf, String what) {
        if (buf.hasRemaining()) {
            throw new PeerFormatException(buf.remaining() + " unexpected bytes after a metadata " + what);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void writeUuid(DataOutputStream out, Uuid id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static void writeConfigs(DataOutputStream out, Map<String, String> configs) throws IOException {
        out.writeInt(configs.size());
        for (Map.Entry<String, String> e : configs.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static void writeIds(DataOutputStream out, Collection<Integer> ids) throws IOException {
        out.writeInt(ids.size());
        for (int id : ids) {
            out.writeInt(id);
        }
    }

    private static boolean bool(ByteBuffer buf) {
        byte b = buf.get();
        if (b != 0 && b != 1) {
            throw new PeerFormatException("invalid boolean byte " + b);
        }
        return b == 1;
    }

    private static String string(ByteBuffer buf) {
        return string(buf, buf.getInt());
    }

    private static String string(ByteBuffer buf, int length) {
        if (length < 0 || length > buf.remaining()) {
            throw new PeerFormatException("string length " + length + " with " + buf.remaining() + " bytes left");
        }
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Uuid uuid(ByteBuffer buf) {
        return new Uuid(buf.getLong(), buf.getLong());
    }

    private static SortedMap<String, String> configs(ByteBuffer buf) {
        int count = count(buf, "config");
        SortedMap<String, String> configs = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            configs.put(string(buf), string(buf));
        }
        return configs;
    }

    private static SortedSet<Integer> ids(ByteBuffer buf) {
        return new TreeSet<>(idList(buf));
    }

    private static List<Integer> idList(ByteBuffer buf) {
        int count = count(buf, "node id");
        List<Integer> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(buf.getInt());
        }
        return ids;
    }

    private static int count(ByteBuffer buf, String what) {
        int count = buf.getInt();
        if (count < 0 || count > buf.remaining() / Integer.BYTES) {
            throw new PeerFormatException("invalid " + what + " count " + count + " with " + buf.remaining()
                    + " bytes left");
        }
        return count;
    }
}
