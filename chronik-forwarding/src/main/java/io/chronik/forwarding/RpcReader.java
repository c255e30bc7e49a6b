package io.chronik.forwarding;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;

/**
 * Turns one connection's bytes into the peer's handshake and then frames ({@link RpcCodec}). The
 * buffer starts at {@value #INITIAL_CAPACITY} bytes and grows to fit the largest frame seen.
 *
 * <p>Not thread-safe: used by the forwarder's I/O thread only.
 */
final class RpcReader {

    static final int INITIAL_CAPACITY = 16 * 1024;

    /** Receives what the reader decodes; frame payloads are valid only during the call. */
    interface Sink {
        void onHandshake(Handshake handshake);

        void onFrame(RpcCodec.Frame frame);
    }

    private final int maxMessageBytes;
    private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_CAPACITY);
    private boolean handshakeSeen;

    RpcReader(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Reads what the channel has and passes on everything complete.
     *
     * @return the bytes read, -1 at end of stream
     * @throws RpcProtocolException if the peer broke the format
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
        }
        return read;
    }

    private void decode(Sink sink) {
        if (!handshakeSeen) {
            Optional<Handshake> handshake = RpcCodec.decodeHandshake(buffer);
            if (handshake.isEmpty()) {
                return;
            }
            handshakeSeen = true;
            sink.onHandshake(handshake.get());
        }
        Optional<Integer> length;
        while ((length = RpcCodec.peekFrameLength(buffer, maxMessageBytes)).isPresent()) {
            if (buffer.remaining() < length.get()) {
                if (buffer.capacity() < length.get()) {
                    buffer = ByteBuffer.allocate(length.get()).put(buffer).flip();
                }
                return;
            }
            sink.onFrame(RpcCodec.decodeFrame(buffer));
        }
    }
}
