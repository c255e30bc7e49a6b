package io.chronik.replication.tcp;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The messages waiting for one peer, bounded by count and by bytes (header + body). A frame leaves the
 * bound when the I/O thread takes it to write, so at most one more frame per peer is in flight beyond it.
 *
 * <p>Thread-safe: any thread offers, the I/O thread polls. The lock is held only for the queue
 * operation, never during I/O, so {@link #offer} does not block on the network.
 */
final class OutboundQueue {

    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<OutboundFrame> frames = new ArrayDeque<>();
    private long bytes;

    OutboundQueue(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Adds the frame unless either bound would be exceeded. */
    synchronized boolean offer(OutboundFrame frame) {
        if (frames.size() >= maxMessages || bytes + frame.messageLength() > maxBytes) {
            return false;
        }
        frames.addLast(frame);
        bytes += frame.messageLength();
        return true;
    }

    synchronized Optional<OutboundFrame> poll() {
        OutboundFrame frame = frames.pollFirst();
        if (frame == null) {
            return Optional.empty();
        }
        bytes -= frame.messageLength();
        return Optional.of(frame);
    }

    synchronized boolean isEmpty() {
        return frames.isEmpty();
    }

    synchronized void clear() {
        frames.clear();
        bytes = 0;
    }
}
