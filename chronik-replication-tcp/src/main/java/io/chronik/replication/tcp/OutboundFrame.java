package io.chronik.replication.tcp;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * One message on its way out: the frame prefix and a copy of the header in one buffer, then the body,
 * written as is. A {@link MessageBody.Region} goes from the file to the socket with
 * {@link java.nio.channels.FileChannel#transferTo} (sendfile), without passing through the heap.
 *
 * <p>Written in as many steps as the socket needs; {@link #started()} tells whether any byte left, which
 * decides its fate when the connection breaks (see {@link PeerLink}). Not thread-safe: created by the
 * sending thread, then owned by the I/O thread.
 */
final class OutboundFrame {

    private final ByteBuffer start;
    private final Optional<ByteBuffer> bytes;
    private final Optional<FileRegion> region;
    private final long messageLength;
    private long regionWritten;

    private OutboundFrame(ByteBuffer start, Optional<ByteBuffer> bytes, Optional<FileRegion> region,
                          long messageLength) {
        this.start = start;
        this.bytes = bytes;
        this.region = region;
        this.messageLength = messageLength;
    }

    /**
     * @param header copied; the caller's buffer is left as it was
     * @param body   a byte body is sent from a duplicate of the caller's buffer (its contents must not
     *               change until sent); a region is read from its file when sent
     */
    static OutboundFrame of(ByteBuffer header, Optional<MessageBody> body) {
        long bodyLength = body.map(MessageBody::length).orElse(0L);
        ByteBuffer start = FrameCodec.encodeMessageStart(header, bodyLength);
        Optional<ByteBuffer> bytes = body.filter(MessageBody.Bytes.class::isInstance)
                .map(b -> ((MessageBody.Bytes) b).buffer().duplicate());
        Optional<FileRegion> region = body.filter(MessageBody.Region.class::isInstance)
                .map(b -> ((MessageBody.Region) b).region());
        return new OutboundFrame(start, bytes, region, header.remaining() + bodyLength);
    }

    /** Header plus body bytes: what the receiver compares with its {@code maxMessageBytes}. */
    long messageLength() {
        return messageLength;
    }

    /** Whether any byte of this frame has been written to a socket. */
    boolean started() {
        return start.position() > 0;
    }

    /**
     * Writes as much as the socket takes.
     *
     * @return the bytes written by this call
     * @throws IOException if the socket fails, or the region's file ends before the region does
     */
    long writeTo(SocketChannel channel) throws IOException {
        if (bytes.isPresent()) {
            return channel.write(new ByteBuffer[] {start, bytes.get()});
        }
        long written = start.hasRemaining() ? channel.write(start) : 0;
        if (start.hasRemaining() || region.isEmpty()) {
            return written;
        }
        FileRegion file = region.get();
        while (regionWritten < file.length()) {
            long position = file.position() + regionWritten;
            long sent = file.channel().transferTo(position, file.length() - regionWritten, channel);
            if (sent == 0) {
                if (position >= file.channel().size()) {
                    throw new EOFException("file region ends at " + (file.position() + file.length())
                            + " beyond the end of its file (" + file.channel().size() + " bytes)");
                }
                break;
            }
            regionWritten += sent;
            written += sent;
        }
        return written;
    }

    /** Whether every byte has been written. */
    boolean done() {
        return !start.hasRemaining()
                && bytes.map(b -> !b.hasRemaining()).orElse(true)
                && region.map(r -> regionWritten == r.length()).orElse(true);
    }
}
