package io.chronik.core.raft;

import java.nio.ByteBuffer;
import java.util.OptionalInt;
import java.util.zip.CRC32C;

/**
 * The bytes of a {@link QuorumState} file. Big-endian, fixed size.
 *
 * <pre>
 *   0  format version : int8   (currently 1)
 *   1  term           : int32
 *   5  voted for      : int32  (-1 = no vote in this term)
 *   9  crc32c         : int32  of bytes 0..8
 * </pre>
 *
 * A torn or corrupt file fails loudly: a voter that forgot its vote could vote twice in one term.
 */
public final class QuorumStateCodec {

    public static final byte FORMAT_VERSION = 1;
    static final int VERSION_OFFSET = 0;
    static final int TERM_OFFSET = VERSION_OFFSET + Byte.BYTES;
    static final int VOTED_FOR_OFFSET = TERM_OFFSET + Integer.BYTES;
    static final int CRC_OFFSET = VOTED_FOR_OFFSET + Integer.BYTES;
    static final int SIZE = CRC_OFFSET + Integer.BYTES;
    private static final int NO_VOTE = -1;

    private QuorumStateCodec() {
    }

    public static ByteBuffer encode(QuorumState state) {
        ByteBuffer buf = ByteBuffer.allocate(SIZE)
                .put(VERSION_OFFSET, FORMAT_VERSION)
                .putInt(TERM_OFFSET, state.term())
                .putInt(VOTED_FOR_OFFSET, state.votedFor().orElse(NO_VOTE));
        buf.putInt(CRC_OFFSET, crc(buf));
        return buf;
    }

    public static QuorumState decode(ByteBuffer bytes) {
        ByteBuffer buf = bytes.slice();
        if (buf.remaining() != SIZE) {
            throw new RaftFormatException("quorum state has " + buf.remaining() + " bytes, expected " + SIZE);
        }
        if (buf.getInt(CRC_OFFSET) != crc(buf)) {
            throw new RaftFormatException("quorum state CRC mismatch (torn or corrupt file)");
        }
        byte version = buf.get(VERSION_OFFSET);
        if (version != FORMAT_VERSION) {
            throw new RaftFormatException("quorum state format version " + version + " is not supported (this node reads "
                    + FORMAT_VERSION + ")");
        }
        int term = buf.getInt(TERM_OFFSET);
        int votedFor = buf.getInt(VOTED_FOR_OFFSET);
        if (term < 0 || votedFor < NO_VOTE) {
            throw new RaftFormatException("invalid quorum state: term " + term + ", voted for " + votedFor);
        }
        return new QuorumState(term, votedFor == NO_VOTE ? OptionalInt.empty() : OptionalInt.of(votedFor));
    }

    private static int crc(ByteBuffer buf) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(0).limit(CRC_OFFSET));
        return (int) crc.getValue();
    }
}
