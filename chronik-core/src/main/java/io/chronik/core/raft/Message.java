package io.chronik.core.raft;

import io.chronik.spi.replication.MessageBody;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalInt;

/**
 * The closed set of messages voters exchange. Every message carries the sender's term; a receiver
 * that sees a higher term adopts it (and steps down), a message of a lower term is stale and is
 * answered with the receiver's term or ignored. The binary form is {@link MessageCodec}.
 *
 * <h2>Protocol</h2>
 * <ul>
 * <li>Election: a follower whose election timer fires asks every voter for a pre-vote
 *     ({@link VoteRequest#preVote()}, for term + 1 without adopting it); only with a majority of
 *     pre-votes does it become candidate, adopt term + 1, vote for itself and ask for real votes. A
 *     voter grants at most one real vote per term, only to a candidate whose {@link LogPosition} is
 *     at least its own; it refuses a pre-vote while it still hears from a leader.</li>
 * <li>A new leader announces itself with {@link BeginEpoch}, repeated to every follower that has
 *     not fetched recently; rejected vote answers also name the leader.</li>
 * <li>Replication is pull-based, as in Kafka's KRaft: a follower sends {@link FetchRequest} with its
 *     position and durable end; the leader answers {@link FetchEntries} (entries from that position and
 *     the high watermark), or {@link FetchDiverging} when the follower's last epoch is not in its log up
 *     to that offset, naming the end of the last common epoch so the follower truncates there and
 *     fetches again; {@link FetchRejected} when the receiver is not the leader of that term. A
 *     partition answers {@link FetchBatches} instead of {@link FetchEntries}: its records are Kafka
 *     record batches, carried back to back as the transport body. An empty
 *     fetch is parked at the leader up to a maximum wait, so fetches double as heartbeats.</li>
 * <li>Catching up from below the leader's log start: the leader answers a fetch it cannot serve
 *     (its records are freed) with {@link FetchLogStart}. A partition follower drops its whole log and
 *     starts it over at that position. A metadata follower first downloads the snapshot that ends there:
 *     {@link SnapshotRequest} asks for the bytes from a position, {@link SnapshotChunk} carries at most
 *     one fetch's worth (one request in flight, so the leader holds one chunk per follower); once it has
 *     them all it installs the snapshot, starts its log over after it and fetches again.</li>
 * </ul>
 */
public sealed interface Message {

    /** The sender's current term (for a pre-vote request: the term it would stand for). */
    int term();

    /** Asks for a (pre-)vote for {@code term}; {@code lastPosition} is the candidate's log end. */
    record VoteRequest(int term, int candidateId, LogPosition lastPosition, boolean preVote) implements Message {
    }

    /**
     * Answers a {@link VoteRequest}; {@code term} is the voter's current term, {@code leaderId} the
     * leader it follows in that term, if any (so a node that restarted in a term learns its leader).
     */
    record VoteResponse(int term, boolean granted, boolean preVote, OptionalInt leaderId) implements Message {
    }

    /** A new leader of {@code term} announces itself. */
    record BeginEpoch(int term, int leaderId) implements Message {
    }

    /**
     * A follower asks for the entries after {@code position}; every entry before
     * {@code durableEnd} (which is at most the position's offset) is durable on the follower.
     */
    record FetchRequest(int term, LogPosition position, long durableEnd) implements Message {
        public FetchRequest {
            if (durableEnd < 0 || durableEnd > position.endOffset()) {
                throw new IllegalArgumentException("durable end " + durableEnd + " outside [0, "
                        + position.endOffset() + "]");
            }
        }
    }

    /** Entries that follow the fetched position (possibly none), and the leader's high watermark. */
    record FetchEntries(int term, long fetchOffset, long highWatermark, List<LogEntry> entries)
            implements Message {
        public FetchEntries {
            entries = List.copyOf(entries);
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).offset() != fetchOffset + i) {
                    throw new IllegalArgumentException("entry " + i + " has offset " + entries.get(i).offset()
                            + ", expected " + (fetchOffset + i));
                }
            }
        }
    }

    /**
     * A partition's answer to a fetch: record batches that follow the fetched position (possibly none,
     * back to back, the first at {@code fetchOffset}; see {@link BatchFormat}), and the leader's high
     * watermark. The leader builds it with the batches as parts, durable ones as regions of its WAL's
     * files that the transport sends without copying them; the receiver gets them as one buffer
     * ({@link #received()}), splits and checks them.
     *
     * @param batches the batches' parts in order; empty parts are dropped
     */
    record FetchBatches(int term, long fetchOffset, long highWatermark, List<MessageBody> batches) implements Message {
        public FetchBatches {
            batches = batches.stream()
                    .filter(part -> part.length() > 0)
                    .map(part -> part instanceof MessageBody.Bytes bytes
                            ? new MessageBody.Bytes(bytes.buffer().asReadOnlyBuffer()) : part)
                    .toList();
        }

        /** The batches' length in bytes. */
        public long size() {
            return batches.stream().mapToLong(MessageBody::length).sum();
        }

        /**
         * The batches as one buffer, as a decoded message carries them (one part at most).
         *
         * @throws IllegalStateException if the message holds several parts or a file region, i.e. it was
         *                               built to be sent rather than received
         */
        public ByteBuffer received() {
            if (batches.isEmpty()) {
                return ByteBuffer.allocate(0);
            }
            if (batches.size() == 1 && batches.get(0) instanceof MessageBody.Bytes bytes) {
                return bytes.buffer();
            }
            throw new IllegalStateException("a fetch answer of " + batches.size()
                    + " parts was built to be sent, not received");
        }
    }

    /** The fetched position is not in the leader's log; {@code divergence} is the end of the last common epoch. */
    record FetchDiverging(int term, long fetchOffset, LogPosition divergence) implements Message {
    }

    /**
     * The fetched position is below the leader's log start: the follower must start over at
     * {@code restart} (a metadata follower installs the snapshot ending there first).
     */
    record FetchLogStart(int term, long fetchOffset, LogPosition restart) implements Message {
    }

    /** A follower asks for the bytes of snapshot {@code snapshot} from byte {@code position}. */
    record SnapshotRequest(int term, LogPosition snapshot, long position) implements Message {
        public SnapshotRequest {
            if (position < 0) {
                throw new IllegalArgumentException("negative snapshot position " + position);
            }
        }
    }

    /**
     * Bytes {@code [position, position + chunk.remaining())} of snapshot {@code snapshot}, whose whole
     * size is {@code size}; the chunk travels as the transport body. A leader that no longer holds the
     * requested snapshot sends its newest from position 0 instead.
     */
    record SnapshotChunk(int term, LogPosition snapshot, long position, long size, ByteBuffer chunk)
            implements Message {
        public SnapshotChunk {
            chunk = chunk.asReadOnlyBuffer();
            if (position < 0 || position + chunk.remaining() > size) {
                throw new IllegalArgumentException("snapshot chunk [" + position + ", +" + chunk.remaining()
                        + ") outside a snapshot of " + size + " bytes");
            }
        }
    }

    /** The receiver is not the leader of the fetch's term; {@code leaderId} is whom it knows as leader. */
    record FetchRejected(int term, OptionalInt leaderId) implements Message {
    }
}
