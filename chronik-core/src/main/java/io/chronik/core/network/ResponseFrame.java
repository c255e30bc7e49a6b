package io.chronik.core.network;

import io.chronik.spi.replication.MessageBody;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One response frame's payload (without the size prefix the network layer adds) as a sequence of
 * parts sent back to back: bytes in memory ({@link MessageBody.Bytes}) and regions of open files
 * ({@link MessageBody.Region}), which the connection sends with {@code FileChannel.transferTo} so log
 * data goes from the file to the socket without passing through the heap.
 *
 * <p>A region is a view of a file: its channel must stay open, and the bytes unchanged, until the
 * frame is written; if not, the connection that sends it is closed (see {@link ChunkWriter}).
 *
 * @param parts the payload's parts in order; byte parts are sent from their position to their limit
 *              and never modified
 */
public record ResponseFrame(List<MessageBody> parts) {

    public ResponseFrame {
        parts = List.copyOf(parts);
        long size = parts.stream().mapToLong(MessageBody::length).sum();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a response frame of " + size + " bytes exceeds the 2 GiB frame limit");
        }
    }

    /** A payload of one buffer (position to limit). */
    public static ResponseFrame of(ByteBuffer bytes) {
        return new ResponseFrame(List.of(new MessageBody.Bytes(bytes)));
    }

    /** The payload's length in bytes: what the size prefix announces. */
    public int size() {
        return (int) parts.stream().mapToLong(MessageBody::length).sum();
    }
}
