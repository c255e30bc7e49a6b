package io.chronik.replication.tcp;

import io.chronik.tcp.Handshake;
import io.chronik.tcp.LengthPrefixedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Turns the bytes of one connection into a handshake followed by messages and heartbeats (format in
 * {@link FrameCodec}). Buffering is the shared {@link LengthPrefixedReader}'s, starting at
 * {@value #DEFAULT_CAPACITY} bytes; this class tells it a frame's length from the prefix and splits each
 * complete frame into its header and body.
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
    private final LengthPrefixedReader reader;

    FrameReader(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
        this.reader = new LengthPrefixedReader(FrameCodec.HANDSHAKE, buffer -> FrameCodec.peekPrefix(buffer,
                maxMessageBytes).map(prefix -> FrameCodec.PREFIX_LENGTH + prefix.runsLength()), DEFAULT_CAPACITY);
    }

    /**
     * Reads what the channel has and hands every complete handshake or frame to the sink.
     *
     * @return the bytes read, or -1 at end of stream
     * @throws ProtocolException if the peer broke the format
     */
    int readFrom(ReadableByteChannel channel, Sink sink) throws IOException {
        return reader.readFrom(channel, new LengthPrefixedReader.Sink() {
            @Override
            public void onHandshake(Handshake handshake) {
                sink.onHandshake(handshake);
            }

            @Override
            public void onFrame(ByteBuffer frame) {
                dispatch(frame, sink);
            }
        });
    }

    /** Splits a complete frame, already checked by {@link FrameCodec#peekPrefix}, for the sink. */
    private void dispatch(ByteBuffer frame, Sink sink) {
        FrameCodec.Prefix prefix = FrameCodec.peekPrefix(frame, maxMessageBytes).orElseThrow();
        if (prefix.type() == FrameCodec.TYPE_HEARTBEAT) {
            sink.onHeartbeat();
        } else {
            int bodyStart = FrameCodec.PREFIX_LENGTH + prefix.headerLength();
            sink.onMessage(frame.slice(FrameCodec.PREFIX_LENGTH, prefix.headerLength()),
                    frame.slice(bodyStart, prefix.bodyLength()));
        }
    }
}
