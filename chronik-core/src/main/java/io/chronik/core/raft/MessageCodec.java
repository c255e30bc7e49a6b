package io.chronik.core.raft;

import io.chronik.core.raft.Message.BeginEpoch;
import io.chronik.core.raft.Message.FetchBatches;
import io.chronik.core.raft.Message.FetchDiverging;
import io.chronik.core.raft.Message.FetchEntries;
import io.chronik.core.raft.Message.FetchLogStart;
import io.chronik.core.raft.Message.FetchRejected;
import io.chronik.core.raft.Message.FetchRequest;
import io.chronik.core.raft.Message.SnapshotChunk;
import io.chronik.core.raft.Message.SnapshotRequest;
import io.chronik.core.raft.Message.VoteRequest;
import io.chronik.core.raft.Message.VoteResponse;
import io.chronik.spi.replication.MessageBody;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The binary form of a {@link Message}, carried as a replication-transport header. Big-endian.
 *
 * <pre>
 * header (every message):
 *   0  format version : int8   (1, or 2 for the types 9 to 11 that version 2 added)
 *   1  type           : int8   (see TYPE_* below)
 *   2  term           : int32
 *   6  body ...
 *
 * 1 VoteRequest    : candidate id int32 | last epoch int32 | end offset int64 | pre-vote int8 (0/1)
 * 2 VoteResponse   : granted int8 | pre-vote int8 | leader id int32 (-1 = unknown)
 * 3 BeginEpoch     : leader id int32
 * 4 FetchRequest   : last epoch int32 | end offset int64 | durable end int64
 * 5 FetchEntries   : fetch offset int64 | high watermark int64 | count int32,
 *                    then per entry: size int32 | {@link EntryCodec} bytes (offsets follow the fetch offset)
 * 6 FetchDiverging : fetch offset int64 | divergence epoch int32 | divergence end offset int64
 * 7 FetchRejected  : leader id int32 (-1 = unknown)
 * 8 FetchBatches   : fetch offset int64 | high watermark int64 | batch bytes int32;
 *                    the batches themselves are the transport body ({@link #body}), sent as several
 *                    parts (WAL file regions and buffers) and received as one
 * 9 FetchLogStart  : fetch offset int64 | restart epoch int32 | restart end offset int64
 * 10 SnapshotRequest : snapshot epoch int32 | snapshot end offset int64 | position int64
 * 11 SnapshotChunk : snapshot epoch int32 | snapshot end offset int64 | position int64 | size int64
 *                    | chunk bytes int32; the chunk itself is the transport body
 * </pre>
 *
 * A message is written in the lowest version that has its type, so a node of version 1 still reads
 * everything but the snapshot catch-up; a reader accepts versions up to its own.
 *
 * Only {@link FetchBatches} and {@link SnapshotChunk} have a body, so log and snapshot data travel
 * beside the header, the way the transport can send it without re-framing; every other message is its
 * header alone. Decoding checks every length and value and fails with {@link RaftFormatException} naming what is
 * wrong; trailing bytes are an error. A newer format version is refused, not guessed at.
 */
public final class MessageCodec {

    public static final byte FORMAT_VERSION = 2;
    /** The version before snapshot catch-up (types 1 to 8). */
    static final byte FORMAT_VERSION_1 = 1;
    static final byte TYPE_VOTE_REQUEST = 1;
    static final byte TYPE_VOTE_RESPONSE = 2;
    static final byte TYPE_BEGIN_EPOCH = 3;
    static final byte TYPE_FETCH_REQUEST = 4;
    static final byte TYPE_FETCH_ENTRIES = 5;
    static final byte TYPE_FETCH_DIVERGING = 6;
    static final byte TYPE_FETCH_REJECTED = 7;
    static final byte TYPE_FETCH_BATCHES = 8;
    static final byte TYPE_FETCH_LOG_START = 9;
    static final byte TYPE_SNAPSHOT_REQUEST = 10;
    static final byte TYPE_SNAPSHOT_CHUNK = 11;

    static final int VERSION_OFFSET = 0;
    static final int TYPE_OFFSET = VERSION_OFFSET + Byte.BYTES;
    static final int TERM_OFFSET = TYPE_OFFSET + Byte.BYTES;
    static final int BODY_OFFSET = TERM_OFFSET + Integer.BYTES;

    private static final int NO_LEADER = -1;

    private MessageCodec() {
    }

    /**
     * The transport body of {@code message} as parts to send back to back: the batches of a
     * {@link FetchBatches}, the chunk of a {@link SnapshotChunk}, otherwise none.
     */
    public static List<MessageBody> body(Message message) {
        if (message instanceof SnapshotChunk m) {
            return List.of(new MessageBody.Bytes(m.chunk().duplicate()));
        }
        return message instanceof FetchBatches m ? m.batches() : List.of();
    }

    /** The header of {@code message}; the body, if any, is {@link #body}. */
    public static ByteBuffer encode(Message message) {
        ByteBuffer buf = ByteBuffer.allocate(BODY_OFFSET + bodySize(message));
        byte type = type(message);
        buf.put(type >= TYPE_FETCH_LOG_START ? FORMAT_VERSION : FORMAT_VERSION_1).put(type).putInt(message.term());
        if (message instanceof VoteRequest m) {
            buf.putInt(m.candidateId()).putInt(m.lastPosition().epoch()).putLong(m.lastPosition().endOffset())
                    .put(flag(m.preVote()));
        } else if (message instanceof VoteResponse m) {
            buf.put(flag(m.granted())).put(flag(m.preVote())).putInt(m.leaderId().orElse(NO_LEADER));
        } else if (message instanceof BeginEpoch m) {
            buf.putInt(m.leaderId());
        } else if (message instanceof FetchRequest m) {
            buf.putInt(m.position().epoch()).putLong(m.position().endOffset()).putLong(m.durableEnd());
        } else if (message instanceof FetchEntries m) {
            buf.putLong(m.fetchOffset()).putLong(m.highWatermark()).putInt(m.entries().size());
            for (LogEntry entry : m.entries()) {
                ByteBuffer bytes = EntryCodec.encode(entry);
                buf.putInt(bytes.remaining()).put(bytes);
            }
        } else if (message instanceof FetchDiverging m) {
            buf.putLong(m.fetchOffset()).putInt(m.divergence().epoch()).putLong(m.divergence().endOffset());
        } else if (message instanceof FetchRejected m) {
            buf.putInt(m.leaderId().orElse(NO_LEADER));
        } else if (message instanceof FetchBatches m) {
            buf.putLong(m.fetchOffset()).putLong(m.highWatermark()).putInt(Math.toIntExact(m.size()));
        } else {
            encodeCatchUp(buf, message);
        }
        return buf.flip();
    }

    /** Decodes one message that has no body from {@code bytes} (position to limit; not consumed). */
    public static Message decode(ByteBuffer bytes) {
        return decode(bytes, ByteBuffer.allocate(0));
    }

    /**
     * Decodes one message from its header and transport body (position to limit; neither consumed).
     * The message refers to {@code body}: copy the body first if it is valid only during a callback.
     */
    public static Message decode(ByteBuffer bytes, ByteBuffer body) {
        ByteBuffer buf = bytes.slice();
        try {
            byte version = buf.get();
            if (version != FORMAT_VERSION && version != FORMAT_VERSION_1) {
                throw new RaftFormatException("replication message format version " + version
                        + " is not supported (this node reads version " + FORMAT_VERSION + ")");
            }
            byte type = buf.get();
            if (type >= TYPE_FETCH_LOG_START && version < FORMAT_VERSION) {
                throw new RaftFormatException("message type " + type + " needs format version " + FORMAT_VERSION
                        + ", the message says " + version);
            }
            int term = buf.getInt();
            if (term < 0) {
                throw new RaftFormatException("negative term " + term + " in a message of type " + type);
            }
            Message message = switch (type) {
                case TYPE_VOTE_REQUEST -> new VoteRequest(term, buf.getInt(), position(buf), bool(buf));
                case TYPE_VOTE_RESPONSE -> new VoteResponse(term, bool(buf), bool(buf), leader(buf.getInt()));
                case TYPE_BEGIN_EPOCH -> new BeginEpoch(term, buf.getInt());
                case TYPE_FETCH_REQUEST -> new FetchRequest(term, position(buf), buf.getLong());
                case TYPE_FETCH_ENTRIES -> fetchEntries(term, buf);
                case TYPE_FETCH_DIVERGING -> new FetchDiverging(term, buf.getLong(), position(buf));
                case TYPE_FETCH_REJECTED -> new FetchRejected(term, leader(buf.getInt()));
                case TYPE_FETCH_BATCHES -> fetchBatches(term, buf, body);
                case TYPE_FETCH_LOG_START -> new FetchLogStart(term, buf.getLong(), position(buf));
                case TYPE_SNAPSHOT_REQUEST -> new SnapshotRequest(term, position(buf), buf.getLong());
                case TYPE_SNAPSHOT_CHUNK -> snapshotChunk(term, buf, body);
                default -> throw new RaftFormatException("unknown replication message type " + type);
            };
            if (buf.hasRemaining()) {
                throw new RaftFormatException(buf.remaining() + " unexpected bytes after a message of type " + type);
            }
            if (type != TYPE_FETCH_BATCHES && type != TYPE_SNAPSHOT_CHUNK && body.hasRemaining()) {
                throw new RaftFormatException(body.remaining() + " body bytes with a message of type " + type
                        + ", which has no body");
            }
            return message;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new RaftFormatException("truncated or invalid replication message: " + e, e);
        }
    }

    private static FetchEntries fetchEntries(int term, ByteBuffer buf) {
        long fetchOffset = buf.getLong();
        long highWatermark = buf.getLong();
        int count = buf.getInt();
        if (count < 0 || count > buf.remaining() / Integer.BYTES) {
            throw new RaftFormatException("invalid entry count " + count + " with " + buf.remaining() + " bytes left");
        }
        List<LogEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int size = buf.getInt();
            if (size < 0 || size > buf.remaining()) {
                throw new RaftFormatException("entry " + i + " claims " + size + " bytes, " + buf.remaining() + " left");
            }
            ByteBuffer entry = buf.slice(buf.position(), size);
            entries.add(EntryCodec.decode(fetchOffset + i, entry));
            buf.position(buf.position() + size);
        }
        return new FetchEntries(term, fetchOffset, highWatermark, entries);
    }

    private static FetchBatches fetchBatches(int term, ByteBuffer buf, ByteBuffer body) {
        long fetchOffset = buf.getLong();
        long highWatermark = buf.getLong();
        int size = buf.getInt();
        if (size != body.remaining()) {
            throw new RaftFormatException("fetch answer announces " + size + " batch bytes but its body has "
                    + body.remaining());
        }
        return new FetchBatches(term, fetchOffset, highWatermark, List.of(new MessageBody.Bytes(body.slice())));
    }

    private static void encodeCatchUp(ByteBuffer buf, Message message) {
        if (message instanceof FetchLogStart m) {
            buf.putLong(m.fetchOffset()).putInt(m.restart().epoch()).putLong(m.restart().endOffset());
        } else if (message instanceof SnapshotRequest m) {
            buf.putInt(m.snapshot().epoch()).putLong(m.snapshot().endOffset()).putLong(m.position());
        } else if (message instanceof SnapshotChunk m) {
            buf.putInt(m.snapshot().epoch()).putLong(m.snapshot().endOffset()).putLong(m.position()).putLong(m.size())
                    .putInt(m.chunk().remaining());
        }
    }

    private static SnapshotChunk snapshotChunk(int term, ByteBuffer buf, ByteBuffer body) {
        LogPosition snapshot = position(buf);
        long position = buf.getLong();
        long size = buf.getLong();
        int length = buf.getInt();
        if (length != body.remaining()) {
            throw new RaftFormatException("snapshot chunk announces " + length + " bytes but its body has "
                    + body.remaining());
        }
        return new SnapshotChunk(term, snapshot, position, size, body.slice());
    }

    private static int bodySize(Message message) {
        if (message instanceof VoteRequest) {
            return 2 * Integer.BYTES + Long.BYTES + 1;
        } else if (message instanceof VoteResponse) {
            return 2 + Integer.BYTES;
        } else if (message instanceof FetchRequest) {
            return Integer.BYTES + 2 * Long.BYTES;
        } else if (message instanceof FetchEntries m) {
            int size = 2 * Long.BYTES + Integer.BYTES;
            for (LogEntry entry : m.entries()) {
                size += Integer.BYTES + EntryCodec.encodedSize(entry.payload().remaining());
            }
            return size;
        } else if (message instanceof FetchDiverging || message instanceof FetchBatches
                || message instanceof FetchLogStart || message instanceof SnapshotRequest) {
            return 2 * Long.BYTES + Integer.BYTES;
        } else if (message instanceof SnapshotChunk) {
            return 3 * Long.BYTES + 2 * Integer.BYTES;
        }
        return Integer.BYTES; // BeginEpoch, FetchRejected
    }

    private static byte type(Message message) {
        if (message instanceof VoteRequest) {
            return TYPE_VOTE_REQUEST;
        } else if (message instanceof VoteResponse) {
            return TYPE_VOTE_RESPONSE;
        } else if (message instanceof BeginEpoch) {
            return TYPE_BEGIN_EPOCH;
        } else if (message instanceof FetchRequest) {
            return TYPE_FETCH_REQUEST;
        } else if (message instanceof FetchEntries) {
            return TYPE_FETCH_ENTRIES;
        } else if (message instanceof FetchDiverging) {
            return TYPE_FETCH_DIVERGING;
        } else if (message instanceof FetchBatches) {
            return TYPE_FETCH_BATCHES;
        } else if (message instanceof FetchLogStart) {
            return TYPE_FETCH_LOG_START;
        } else if (message instanceof SnapshotRequest) {
            return TYPE_SNAPSHOT_REQUEST;
        } else if (message instanceof SnapshotChunk) {
            return TYPE_SNAPSHOT_CHUNK;
        }
        return TYPE_FETCH_REJECTED;
    }

    private static LogPosition position(ByteBuffer buf) {
        return new LogPosition(buf.getInt(), buf.getLong());
    }

    private static boolean bool(ByteBuffer buf) {
        byte b = buf.get();
        if (b != 0 && b != 1) {
            throw new RaftFormatException("invalid boolean byte " + b);
        }
        return b == 1;
    }

    private static byte flag(boolean b) {
        return (byte) (b ? 1 : 0);
    }

    private static OptionalInt leader(int id) {
        if (id == NO_LEADER) {
            return OptionalInt.empty();
        }
        if (id < 0) {
            throw new RaftFormatException("invalid leader id " + id);
        }
        return OptionalInt.of(id);
    }
}
