package io.chronik.core.network;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;

/**
 * Reassembles length-prefixed frames from a non-blocking channel.
 *
 * <p>Wire format: {@code size:int32 (big-endian) | payload:size bytes}. A size below zero or above
 * the limit is a protocol violation reported by {@link FrameSizeException} before any payload is
 * buffered, so a hostile size cannot make the server allocate. Not thread-safe: one IO thread owns it.
 */
final class FrameReader {

    private final int maxFrameBytes;
    private final ByteBuffer sizeBuffer = ByteBuffer.allocate(Integer.BYTES);
    private ByteBuffer payload;

    FrameReader(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** A peer announced a frame size the server refuses to read (negative or above the limit). */
    static final class FrameSizeException extends MalformedRequestException {
        private static final long serialVersionUID = 1L;

        FrameSizeException(String message) {
            super(message);
        }
    }

    /**
     * Reads what the channel has and returns the next complete frame, if one is complete.
     *
     * @throws FrameSizeException if the announced size is negative or above the limit
     * @throws EOFException if the peer closed the connection
     */
    Optional<ByteBuffer> read(ReadableByteChannel channel) throws IOException {
        if (payload == null) {
            if (fill(channel, sizeBuffer)) {
                return Optional.empty();
            }
            sizeBuffer.flip();
            int size = sizeBuffer.getInt();
            sizeBuffer.clear();
            if (size < 0) {
                throw new FrameSizeException("invalid request size " + size);
            }
            if (size > maxFrameBytes) {
                throw new FrameSizeException("request of " + size + " bytes exceeds socket.request.max.bytes "
                        + maxFrameBytes);
            }
            payload = ByteBuffer.allocate(size);
        }
        if (fill(channel, payload)) {
            return Optional.empty();
        }
        ByteBuffer frame = payload.flip();
        payload = null;
        return Optional.of(frame);
    }

    /** Reads into {@code buffer}; true if it is still not full (the channel has no more for now). */
    private static boolean fill(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer);
            if (n < 0) {
                throw new EOFException("peer closed the connection");
            }
            if (n == 0) {
                return true;
            }
        }
        return false;
    }
}
