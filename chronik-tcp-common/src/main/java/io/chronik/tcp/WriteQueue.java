package io.chronik.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;

/**
 * Encoded buffers waiting to be written to one connection, in order. A buffer partly written when the
 * socket filled up stays first in line, so the bytes on the wire are exactly the buffers one after
 * another.
 *
 * <p>Not thread-safe: owned by the connection's I/O thread.
 */
final class WriteQueue {

    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();

    void add(ByteBuffer buffer) {
        buffers.addLast(buffer);
    }

    boolean isEmpty() {
        return buffers.isEmpty();
    }

    /**
     * Writes queued buffers until all are written or the channel takes no more.
     *
     * @return the bytes written by this call
     */
    long writeTo(WritableByteChannel channel) throws IOException {
        long written = 0;
        while (!buffers.isEmpty()) {
            ByteBuffer head = buffers.peekFirst();
            written += channel.write(head);
            if (head.hasRemaining()) {
                return written;
            }
            buffers.pollFirst();
        }
        return written;
    }
}
