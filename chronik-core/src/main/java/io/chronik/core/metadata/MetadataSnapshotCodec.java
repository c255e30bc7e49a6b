package io.chronik.core.metadata;

import static io.chronik.core.metadata.MetadataCommandCodec.configsSize;
import static io.chronik.core.metadata.MetadataCommandCodec.count;
import static io.chronik.core.metadata.MetadataCommandCodec.getConfigs;
import static io.chronik.core.metadata.MetadataCommandCodec.getIdList;
import static io.chronik.core.metadata.MetadataCommandCodec.getString;
import static io.chronik.core.metadata.MetadataCommandCodec.getUuid;
import static io.chronik.core.metadata.MetadataCommandCodec.idsSize;
import static io.chronik.core.metadata.MetadataCommandCodec.putBytes;
import static io.chronik.core.metadata.MetadataCommandCodec.putConfigs;
import static io.chronik.core.metadata.MetadataCommandCodec.putIds;
import static io.chronik.core.metadata.MetadataCommandCodec.putUuid;
import static io.chronik.core.metadata.MetadataCommandCodec.utf8;

import io.chronik.core.cluster.PartitionAssignment;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.zip.CRC32C;
import org.apache.kafka.common.Uuid;

/**
 * The binary form of a {@link MetadataImage}: the payload of a metadata snapshot. Big-endian.
 *
 * <pre>
 *   0  magic             : int32  0x43484d53 ("CHMS")
 *   4  format version    : int16  (currently 1)
 *   6  crc               : int32  CRC-32C of every byte after this field
 *  10  last applied      : int64  (offset of the last applied command, -1 if none)
 *  18  next producer id  : int64
 *  26  section count     : int32
 *  30  sections, kinds strictly increasing, each:
 *        kind int8 | entry count int32 | entries' byte length int32 | entries
 *
 * kind 1 topics     : name string | topic id uuid | partitions int32 | configs
 * kind 2 brokers    : node id int32 | host string | port int32 | fenced int8 (0/1)
 * kind 3 partitions : topic id uuid | partition int32 | replicas ids | leader int32 (-1 = none)
 *                     | leader epoch int32 | ISR ids
 * kind 4 log starts : topic id uuid | partition int32 | log start offset int64
 * kind 5 reassignments : topic id uuid | partition int32 | target ids | original ids
 *
 * string = length int32 | UTF-8 bytes;  uuid = int64 most, int64 least significant bits
 * ids = count int32 | node ids int32;   configs = count int32, then per entry key string | value string
 * </pre>
 *
 * <h2>Extending</h2>
 * One section per kind of state: new state gets a new kind (and a format version bump); a reader
 * treats a section it does not find as empty, so a newer reader reads older snapshots. A reader
 * refuses a newer version, an unknown kind and anything that does not add up (counts, lengths,
 * references from partitions to topics, trailing bytes) with {@link MetadataFormatException}: a
 * snapshot it cannot read fully must not be half-installed.
 */
public final class MetadataSnapshotCodec {

    public static final int MAGIC = 0x43484d53;
    public static final short FORMAT_VERSION = 1;
    static final byte KIND_TOPICS = 1;
    static final byte KIND_BROKERS = 2;
    static final byte KIND_PARTITIONS = 3;
    static final byte KIND_LOG_STARTS = 4;
    static final byte KIND_REASSIGNMENTS = 5;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int CRC_OFFSET = VERSION_OFFSET + Short.BYTES;
    static final int LAST_APPLIED_OFFSET = CRC_OFFSET + Integer.BYTES;
    static final int NEXT_PRODUCER_ID_OFFSET = LAST_APPLIED_OFFSET + Long.BYTES;
    static final int SECTION_COUNT_OFFSET = NEXT_PRODUCER_ID_OFFSET + Long.BYTES;
    static final int SECTIONS_OFFSET = SECTION_COUNT_OFFSET + Integer.BYTES;
    /** Per section: kind, entry count, byte length. */
    static final int SECTION_HEADER_BYTES = Byte.BYTES + 2 * Integer.BYTES;
    private static final int UUID_BYTES = 2 * Long.BYTES;
    private static final int NO_LEADER = -1;

    private MetadataSnapshotCodec() {
    }

    /** One kind of state: how to size, write and read one entry. */
    private record Section<T>(byte kind, ToIntFunction<T> size, EntryWriter<T> writer) {
    }

    @FunctionalInterface
    private interface EntryWriter<T> {
        void write(ByteBuffer buf, T entry);
    }

    private static final Section<TopicInfo> TOPICS = new Section<>(KIND_TOPICS,
            t -> Integer.BYTES + utf8(t.name()).length + UUID_BYTES + Integer.BYTES + configsSize(t.configs()),
            (buf, t) -> {
                putBytes(buf, utf8(t.name()));
                putUuid(buf, t.topicId());
                buf.putInt(t.partitions());
                putConfigs(buf, t.configs());
            });
    private static final Section<BrokerRegistration> BROKERS = new Section<>(KIND_BROKERS,
            b -> 3 * Integer.BYTES + utf8(b.host()).length + Byte.BYTES,
            (buf, b) -> {
                buf.putInt(b.nodeId());
                putBytes(buf, utf8(b.host()));
                buf.putInt(b.port()).put((byte) (b.fenced() ? 1 : 0));
            });
    private static final Section<PartitionAssignment> PARTITIONS = new Section<>(KIND_PARTITIONS,
            a -> UUID_BYTES + Integer.BYTES + idsSize(a.replicas()) + 2 * Integer.BYTES + idsSize(a.isr()),
            (buf, a) -> {
                putUuid(buf, a.topicId());
                buf.putInt(a.partition());
                putIds(buf, a.replicas());
                buf.putInt(a.leader().orElse(NO_LEADER)).putInt(a.leaderEpoch());
                putIds(buf, a.isr());
            });
    private static final Section<MetadataImage.LogStart> LOG_STARTS = new Section<>(KIND_LOG_STARTS,
            s -> UUID_BYTES + Integer.BYTES + Long.BYTES,
            (buf, s) -> {
                putUuid(buf, s.topicId());
                buf.putInt(s.partition()).putLong(s.offset());
            });

    private static final Section<MetadataImage.Reassignment> REASSIGNMENTS = new Section<>(KIND_REASSIGNMENTS,
            r -> UUID_BYTES + Integer.BYTES + idsSize(r.reassignment().target()) + idsSize(r.reassignment().original()),
            (buf, r) -> {
                putUuid(buf, r.topicId());
                buf.putInt(r.partition());
                putIds(buf, r.reassignment().target());
                putIds(buf, r.reassignment().original());
            });

    public static ByteBuffer encode(MetadataImage image) {
        int size = SECTIONS_OFFSET + sectionSize(TOPICS, image.topics()) + sectionSize(BROKERS, image.brokers())
                + sectionSize(PARTITIONS, image.partitions()) + sectionSize(LOG_STARTS, image.logStarts())
                + sectionSize(REASSIGNMENTS, image.reassignments());
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(MAGIC).putShort(FORMAT_VERSION).putInt(0).putLong(image.lastAppliedOffset())
                .putLong(image.nextProducerId()).putInt(5);
        putSection(buf, TOPICS, image.topics());
        putSection(buf, BROKERS, image.brokers());
        putSection(buf, PARTITIONS, image.partitions());
        putSection(buf, LOG_STARTS, image.logStarts());
        putSection(buf, REASSIGNMENTS, image.reassignments());
        buf.flip();
        buf.putInt(CRC_OFFSET, crc(buf));
        return buf;
    }

    private static <T> int sectionSize(Section<T> section, List<T> entries) {
        return SECTION_HEADER_BYTES + entries.stream().mapToInt(section.size()).sum();
    }

    private static <T> void putSection(ByteBuffer buf, Section<T> section, List<T> entries) {
        buf.put(section.kind()).putInt(entries.size()).putInt(sectionSize(section, entries) - SECTION_HEADER_BYTES);
        entries.forEach(e -> section.writer().write(buf, e));
    }

    private static int crc(ByteBuffer snapshot) {
        CRC32C crc = new CRC32C();
        crc.update(snapshot.duplicate().position(LAST_APPLIED_OFFSET));
        return (int) crc.getValue();
    }

    /**
     * Decodes a snapshot (position to limit, not consumed).
     *
     * @throws MetadataFormatException naming what is wrong if the bytes are not a whole, intact
     *                                 snapshot of a version this node reads
     */
    public static MetadataImage decode(ByteBuffer bytes) {
        ByteBuffer buf = bytes.slice();
        try {
            int magic = buf.getInt(MAGIC_OFFSET);
            if (magic != MAGIC) {
                throw new MetadataFormatException("not a metadata snapshot: magic " + Integer.toHexString(magic));
            }
            short version = buf.getShort(VERSION_OFFSET);
            if (version != FORMAT_VERSION) {
                throw new MetadataFormatException("metadata snapshot format version " + version
                        + " is not supported (this node reads version " + FORMAT_VERSION + ")");
            }
            int stored = buf.getInt(CRC_OFFSET);
            if (stored != crc(buf)) {
                throw new MetadataFormatException("metadata snapshot of " + buf.remaining()
                        + " bytes fails its checksum (corrupt or cut short)");
            }
            long lastApplied = buf.getLong(LAST_APPLIED_OFFSET);
            long nextProducerId = buf.getLong(NEXT_PRODUCER_ID_OFFSET);
            int sections = buf.getInt(SECTION_COUNT_OFFSET);
            buf.position(SECTIONS_OFFSET);
            Sections read = new Sections();
            byte lastKind = 0;
            for (int i = 0; i < sections; i++) {
                byte kind = buf.get();
                if (kind <= lastKind) {
                    throw new MetadataFormatException("metadata snapshot section kind " + kind + " after kind "
                            + lastKind + " (kinds must strictly increase)");
                }
                lastKind = kind;
                read.read(kind, buf);
            }
            if (buf.hasRemaining()) {
                throw new MetadataFormatException(buf.remaining() + " unexpected bytes after the metadata snapshot");
            }
            return new MetadataImage(lastApplied, nextProducerId, read.topics, read.brokers, read.partitions(),
                    read.logStarts, read.reassignments);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new MetadataFormatException("truncated or invalid metadata snapshot: " + e, e);
        }
    }

    /** The sections read so far. */
    private static final class Sections {
        final List<TopicInfo> topics = new ArrayList<>();
        final List<BrokerRegistration> brokers = new ArrayList<>();
        final List<RawPartition> rawPartitions = new ArrayList<>();
        final List<MetadataImage.LogStart> logStarts = new ArrayList<>();
        final List<MetadataImage.Reassignment> reassignments = new ArrayList<>();

        /** A partition before its topic name is looked up. */
        private record RawPartition(Uuid topicId, int partition, List<Integer> replicas, OptionalInt leader,
                                    int leaderEpoch, List<Integer> isr) {
        }

        void read(byte kind, ByteBuffer buf) {
            int entries = count(buf, "section " + kind + " entry");
            int length = buf.getInt();
            if (length < 0 || length > buf.remaining()) {
                throw new MetadataFormatException("section " + kind + " claims " + length + " bytes, "
                        + buf.remaining() + " left");
            }
            ByteBuffer section = buf.slice(buf.position(), length);
            buf.position(buf.position() + length);
            Function<ByteBuffer, ?> entry = switch (kind) {
                case KIND_TOPICS -> b -> topics.add(new TopicInfo(getString(b), getUuid(b), b.getInt(), getConfigs(b)));
                case KIND_BROKERS -> b -> brokers.add(new BrokerRegistration(b.getInt(), getString(b), b.getInt(),
                        flag(b)));
                case KIND_PARTITIONS -> b -> rawPartitions.add(new RawPartition(getUuid(b), b.getInt(), getIdList(b),
                        leader(b.getInt()), b.getInt(), getIdList(b)));
                case KIND_LOG_STARTS -> b -> logStarts.add(new MetadataImage.LogStart(getUuid(b), b.getInt(),
                        b.getLong()));
                case KIND_REASSIGNMENTS -> b -> reassignments.add(new MetadataImage.Reassignment(getUuid(b),
                        b.getInt(), new PartitionReassignment(getIdList(b), getIdList(b))));
                default -> throw new MetadataFormatException("unknown metadata snapshot section kind " + kind);
            };
            for (int i = 0; i < entries; i++) {
                entry.apply(section);
            }
            if (section.hasRemaining()) {
                throw new MetadataFormatException(section.remaining() + " unexpected bytes at the end of section "
                        + kind);
            }
        }

        List<PartitionAssignment> partitions() {
            Map<Uuid, String> names = new HashMap<>();
            topics.forEach(t -> names.put(t.topicId(), t.name()));
            return rawPartitions.stream().map(p -> {
                String name = names.get(p.topicId());
                if (name == null) {
                    throw new MetadataFormatException("snapshot partition " + p.partition() + " of topic id "
                            + p.topicId() + " names no topic of the snapshot");
                }
                return new PartitionAssignment(p.topicId(), name, p.partition(), p.replicas(), p.leader(),
                        p.leaderEpoch(), new TreeSet<>(p.isr()));
            }).toList();
        }
    }

    private static boolean flag(ByteBuffer buf) {
        byte b = buf.get();
        if (b != 0 && b != 1) {
            throw new MetadataFormatException("invalid fenced flag " + b);
        }
        return b == 1;
    }

    private static OptionalInt leader(int id) {
        if (id < NO_LEADER) {
            throw new MetadataFormatException("invalid leader id " + id);
        }
        return id == NO_LEADER ? OptionalInt.empty() : OptionalInt.of(id);
    }
}
