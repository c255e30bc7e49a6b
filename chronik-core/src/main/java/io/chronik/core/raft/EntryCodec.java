package io.chronik.core.raft;

import java.nio.ByteBuffer;

/**
 * The bytes of one {@link LogEntry} as stored in a WAL record (the WAL record's own offset is the
 * entry's offset, so the offset is not repeated). Big-endian.
 *
 * <pre>
 *   0  format version : int8   (currently 1)
 *   1  kind           : int8   (0 = data, 1 = leader change)
 *   2  epoch          : int32  (term of the leader that appended the entry, &gt;= 1)
 *   6  payload        : the remaining bytes
 * </pre>
 *
 * Keeping the epoch inside the record lets a restarted node rebuild its epoch boundaries from the
 * WAL alone. A newer format version fails loudly: skipping an entry would diverge the replicas.
 */
public final class EntryCodec {

    public static final byte FORMAT_VERSION = 1;
    /** The metadata log's record format: one entry per offset, its epoch in the header. */
    public static final RecordFormat FORMAT = (offset, data) -> {
        LogEntry entry = decode(offset, data);
        return new StoredRecord(offset, offset + 1, entry.epoch(), data);
    };
    static final int VERSION_OFFSET = 0;
    static final int KIND_OFFSET = VERSION_OFFSET + Byte.BYTES;
    static final int EPOCH_OFFSET = KIND_OFFSET + Byte.BYTES;
    static final int PAYLOAD_OFFSET = EPOCH_OFFSET + Integer.BYTES;

    private EntryCodec() {
    }

    /** The encoded size of an entry with {@code payloadBytes} of payload. */
    public static int encodedSize(int payloadBytes) {
        return PAYLOAD_OFFSET + payloadBytes;
    }

    public static ByteBuffer encode(LogEntry entry) {
        ByteBuffer payload = entry.payload().duplicate();
        ByteBuffer buf = ByteBuffer.allocate(encodedSize(payload.remaining()));
        buf.put(VERSION_OFFSET, FORMAT_VERSION)
                .put(KIND_OFFSET, entry.kind().code())
                .putInt(EPOCH_OFFSET, entry.epoch())
                .position(PAYLOAD_OFFSET);
        buf.put(payload);
        return buf.flip();
    }

    /** {@code entry} as a stored record of {@link #FORMAT}. */
    public static StoredRecord stored(LogEntry entry) {
        return new StoredRecord(entry.offset(), entry.offset() + 1, entry.epoch(), encode(entry));
    }

    /** The entry a stored record of {@link #FORMAT} holds. */
    public static LogEntry decode(StoredRecord record) {
        return decode(record.offset(), record.data());
    }

    /** Decodes the entry stored at {@code offset} from {@code bytes} (position to limit, not consumed). */
    public static LogEntry decode(long offset, ByteBuffer bytes) {
        ByteBuffer buf = bytes.slice();
        if (buf.remaining() < PAYLOAD_OFFSET) {
            throw new RaftFormatException("log entry at offset " + offset + " has " + buf.remaining()
                    + " bytes, fewer than its " + PAYLOAD_OFFSET + "-byte header");
        }
        byte version = buf.get(VERSION_OFFSET);
        if (version != FORMAT_VERSION) {
            throw new RaftFormatException("log entry at offset " + offset + " has format version " + version
                    + "; this node reads version " + FORMAT_VERSION);
        }
        EntryKind kind = EntryKind.ofCode(buf.get(KIND_OFFSET));
        int epoch = buf.getInt(EPOCH_OFFSET);
        if (epoch < 1) {
            throw new RaftFormatException("log entry at offset " + offset + " has invalid epoch " + epoch);
        }
        ByteBuffer payload = buf.position(PAYLOAD_OFFSET).slice();
        return new LogEntry(offset, epoch, kind, payload);
    }
}
