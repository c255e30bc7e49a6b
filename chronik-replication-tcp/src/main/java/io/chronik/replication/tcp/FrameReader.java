package io.chronik.replication.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;

/**
 * Turns the bytes of one connection into a handshake followed by frames (format in {@link FrameCodec}).
 * Reads into a buffer of {@value #DEFAULT_CAPACITY} bytes that grows for one frame larger than that and
 * shrinks back afterwards, so an idle connection holds little memory.
 *
 * <p>Not thread-safe: used by the transport's I/O thread only.
 */
final class FrameReader {

    static final int DEFAULT_CAPACITY = 64 * 1024;

    /** Receives what the reader decodes. Buffers passed are read-only and valid only during the call. */
    interface Sink {
        void onHandshake(Handshake handshake);

        void onMessage(ByteBuffer header, ByteBuffer body);

        void onHeartbeat();
    }

    private final int maxMessageBytes;
    private ByteBuffer buffer = ByteBuffer.allocate(DEFAULT_CAPACITY);
    private boolean handshakeSeen;
    /** The length of the incomplete frame at the head of the buffer, 0 if not known yet. */
    private int incompleteFrameLength;

    FrameReader(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Reads what the channel has and hands every complete handshake or frame to the sink.
     *
     * @return the bytes read, or -1 at end of stream
     * @throws ProtocolException if the peer broke the format
     */
    int readFrom(ReadableByteChannel channel, Sink sink) throws IOException {
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
            Optional<Handshake> handshake = FrameCodec.decodeHandshake(buffer);
            if (handshake.isEmpty()) {
                return;
            }
            handshakeSeen = true;
            sink.onHandshake(handshake.get());
        }
        while (true) {
            Optional<FrameCodec.Prefix> peeked = FrameCodec.peekPrefix(buffer, maxMessageBytes);
            if (peeked.isEmpty()) {
                return;
            }
            FrameCodec.Prefix prefix = peeked.get();
            int frameLength = FrameCodec.PREFIX_LENGTH + prefix.runsLength();
            if (buffer.remaining() < frameLength) {
                incompleteFrameLength = frameLength;
                ensureCapacity(frameLength);
                return;
            }
            incompleteFrameLength = 0;
            int headerStart = buffer.position() + FrameCodec.PREFIX_LENGTH;
            int bodyStart = headerStart + prefix.headerLength();
            buffer.position(buffer.position() + frameLength);
            if (prefix.type() == FrameCodec.TYPE_HEARTBEAT) {
                sink.onHeartbeat();
            } else {
                sink.onMessage(buffer.slice(headerStart, prefix.headerLength()).asReadOnlyBuffer(),
                        buffer.slice(bodyStart, prefix.bodyLength()).asReadOnlyBuffer());
            }
        }
    }

    /** Called with the buffer flipped (reading); keeps it flipped. */
    private void ensureCapacity(int frameLength) {
        if (buffer.capacity() < frameLength) {
            ByteBuffer larger = ByteBuffer.allocate(frameLength);
            larger.put(buffer);
            larger.flip();
            buffer = larger;
        }
    }

    /** Called with the buffer compacted (filling). */
    private void shrinkIfIdle() {
        if (buffer.capacity() > DEFAULT_CAPACITY && buffer.position() <= DEFAULT_CAPACITY / 2
                && incompleteFrameLength <= DEFAULT_CAPACITY) {
            ByteBuffer smaller = ByteBuffer.allocate(DEFAULT_CAPACITY);
            buffer.flip();
            smaller.put(buffer);
            buffer = smaller;
        }
    }
}
