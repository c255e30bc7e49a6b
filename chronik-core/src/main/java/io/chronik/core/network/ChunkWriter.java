package io.chronik.core.network;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Writes a queue of chunks, bytes and file regions, to a non-blocking socket in order, as far as the
 * socket takes them. Consecutive byte chunks (a response's size prefix and header, the next
 * response...) leave in one gathering write; a file region is handed to
 * {@link java.nio.channels.FileChannel#transferTo}, which the JDK turns into {@code sendfile} for a
 * socket, so log data never passes through the heap. Both may be partial: the writer remembers how
 * far the head chunk got and continues there on the next {@link #write} (the caller waits for
 * {@code OP_WRITE} in between).
 *
 * <p>A region whose file was closed (its segment freed by retention after the response was built) or
 * shortened fails the write with a {@link RegionUnavailableException}, so the connection closes
 * instead of sending other bytes or spinning; the client reconnects and fetches again.
 *
 * <h2>Threading</h2>
 * Not thread-safe: one IO thread owns it.
 */
final class ChunkWriter {

    /** At most this many byte chunks go into one gathering write (the kernel's IOV_MAX is 1024). */
    private static final int MAX_GATHER = 128;

    private final Deque<MessageBody> chunks = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    /** How many bytes of the head chunk, when it is a region, were sent already. */
    private long regionSent;

    /** A region of a response could not be sent: its file was closed or no longer holds it. */
    static final class RegionUnavailableException extends IOException {
        private static final long serialVersionUID = 1L;

        RegionUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Queues {@code chunk} after the others; a byte chunk's buffer is not modified. */
    void add(MessageBody chunk) {
        if (chunk.length() == 0) {
            return;
        }
        chunks.addLast(chunk instanceof MessageBody.Bytes bytes ? new MessageBody.Bytes(bytes.buffer().duplicate())
                : chunk);
    }

    /** Whether every queued chunk was written. */
    boolean isEmpty() {
        return chunks.isEmpty();
    }

    /**
     * Writes as much as the socket takes.
     *
     * @return whether everything queued was written; {@code false} when the socket is full
     * @throws RegionUnavailableException if a region's file was closed or is shorter than the region
     * @throws IOException if the socket failed
     */
    boolean write(GatheringByteChannel socket) throws IOException {
        while (!chunks.isEmpty()) {
            boolean progressed = chunks.peekFirst() instanceof MessageBody.Region region
                    ? writeRegion(region.region(), socket) : writeBytes(socket);
            if (!progressed) {
                return false;
            }
        }
        return true;
    }

    /** One gathering write of the byte chunks at the head; false if the socket took none of them whole. */
    private boolean writeBytes(GatheringByteChannel socket) throws IOException {
        int count = 0;
        for (MessageBody chunk : chunks) {
            if (count == MAX_GATHER || !(chunk instanceof MessageBody.Bytes bytes)) {
                break;
            }
            gather[count++] = bytes.buffer();
        }
        socket.write(gather, 0, count);
        Arrays.fill(gather, 0, count, null);
        boolean headDone = false;
        while (!chunks.isEmpty() && chunks.peekFirst() instanceof MessageBody.Bytes bytes
                && !bytes.buffer().hasRemaining()) {
            chunks.pollFirst();
            headDone = true;
        }
        return headDone;
    }

    /**
     * Transfers what the socket takes of the head region; false if it took nothing (it is full). A
     * partial transfer counts as progress: the JDK may move a large region in pieces.
     */
    private boolean writeRegion(FileRegion region, GatheringByteChannel socket) throws IOException {
        long position = region.position() + regionSent;
        long remaining = region.length() - regionSent;
        long sent;
        try {
            sent = region.channel().transferTo(position, remaining, socket);
            if (sent == 0 && position >= region.channel().size()) {
                throw new RegionUnavailableException("the file holding a response region of " + region.length()
                        + " bytes at " + region.position() + " ends at " + region.channel().size(), null);
            }
        } catch (ClosedChannelException e) {
            if (region.channel().isOpen()) {
                throw e; // the socket, not the file
            }
            throw new RegionUnavailableException("the file holding a response region was closed (segment freed)", e);
        }
        regionSent += sent;
        if (regionSent == region.length()) {
            chunks.pollFirst();
            regionSent = 0;
        }
        return sent > 0;
    }
}
