package io.chronik.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the bytes of one connection into the peer's handshake ({@link HandshakeCodec}) followed by
 * frames whose prefix tells their whole length. What a frame looks like, and the largest one a node
 * accepts, is the protocol's {@link FrameFormat}: it rejects a prefix announcing an oversize frame
 * before this reader allocates room for it.
 *
 * <p>Reads into a buffer of {@code initialCapacity} bytes that grows for one frame larger than that
 * and shrinks back once no such frame is pending, so an idle connection holds little memory.
 *
 * <p>Not thread-safe: used by one connection on its I/O thread.
 */
public final class LengthPrefixedReader {

    /**
     * The largest frame content (what a protocol's {@code maxMessageBytes} counts) a plugin may allow:
     * above it, content plus prefix no longer fits an int.
     */
    public static final int MAX_CONTENT_BYTES = Integer.MAX_VALUE - 1024;

    /**
     * Refuses a configured content limit above {@link #MAX_CONTENT_BYTES}.
     *
     * @param owner   who is configured, for the message, e.g. {@code "replication transport of node 1"}
     * @param failure makes the plugin's own exception from the message
     */
    public static void requireContentLimit(int maxContentBytes, String owner,
                                           Function<String, ? extends RuntimeException> failure) {
        if (maxContentBytes > MAX_CONTENT_BYTES) {
            throw failure.apply(owner + ": maxMessageBytes " + maxContentBytes + " is above the tcp limit of "
                    + MAX_CONTENT_BYTES);
        }
    }

    /** A protocol's frame prefix. */
    @FunctionalInterface
    public interface FrameFormat {
        /**
         * Checks the prefix of the next frame without consuming anything.
         *
         * @return the whole frame's length, prefix included, or empty if the prefix is not complete yet
         * @throws PeerProtocolException if the prefix is malformed or announces a frame above the limit
         */
        Optional<Integer> peekFrameLength(ByteBuffer buffer);
    }

    /** Receives what the reader decodes, in stream order. */
    public interface Sink {
        void onHandshake(Handshake handshake);

        /**
         * One complete frame, prefix included: a read-only buffer from position 0 to its end, valid only
         * during the call.
         */
        void onFrame(ByteBuffer frame);
    }

    private final HandshakeCodec handshakes;
    private final FrameFormat format;
    private final int initialCapacity;
    private ByteBuffer buffer;
    private boolean handshakeSeen;
    /** The length of the incomplete frame at the head of the buffer, 0 if not known yet. */
    private int incompleteFrameLength;

    public LengthPrefixedReader(HandshakeCodec handshakes, FrameFormat format, int initialCapacity) {
        this.handshakes = handshakes;
        this.format = format;
        this.initialCapacity = initialCapacity;
        this.buffer = ByteBuffer.allocate(initialCapacity);
    }

    /**
     * Reads what the channel has and hands the handshake and every complete frame to the sink.
     *
     * @return the bytes read, or -1 at end of stream
     * @throws PeerProtocolException if the peer broke the format (or the sink refused what it got)
     */
    public int readFrom(ReadableByteChannel channel, Sink sink) throws IOException {
        int read = channel.read(buffer);
        if (read > 0) {
            buffer.flip();
            try {
                decode(sink);
            } finally {
                buffer.compact();
            }
            shrinkIfIdle();
        }
        return read;
    }

    private void decode(Sink sink) {
        if (!handshakeSeen) {
            Optional<Handshake> handshake = handshakes.decode(buffer);
            if (handshake.isEmpty()) {
                return;
            }
            handshakeSeen = true;
            sink.onHandshake(handshake.get());
        }
        Optional<Integer> peeked;
        while ((peeked = format.peekFrameLength(buffer)).isPresent()) {
            int frameLength = peeked.get();
            if (buffer.remaining() < frameLength) {
                incompleteFrameLength = frameLength;
                ensureCapacity(frameLength);
                return;
            }
            incompleteFrameLength = 0;
            int start = buffer.position();
            buffer.position(start + frameLength);
            sink.onFrame(buffer.slice(start, frameLength).asReadOnlyBuffer());
        }
    }

    /** Called with the buffer flipped (reading); keeps it flipped. */
    private void ensureCapacity(int frameLength) {
        if (buffer.capacity() < frameLength) {
            buffer = ByteBuffer.allocate(frameLength).put(buffer).flip();
        }
    }

    /** Called with the buffer compacted (filling). */
    private void shrinkIfIdle() {
        if (buffer.capacity() > initialCapacity && buffer.position() <= initialCapacity / 2
                && incompleteFrameLength <= initialCapacity) {
            ByteBuffer smaller = ByteBuffer.allocate(initialCapacity);
            buffer.flip();
            smaller.put(buffer);
            buffer = smaller;
        }
    }
}
