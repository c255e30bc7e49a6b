package io.chronik.replication.tcp;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One message on its way out, one frame: the frame prefix and a copy of the header in one buffer, then
 * the body's parts back to back, each written in place. Runs of byte parts go out with one gathering
 * write (together with the prefix when they follow it); a {@link MessageBody.Region} goes from the file
 * to the socket with {@link java.nio.channels.FileChannel#transferTo} (sendfile), without passing
 * through the heap. Empty parts are skipped.
 *
 * <p>Written in as many steps as the socket needs; {@link #started()} tells whether any byte left, which
 * decides its fate when the connection breaks (see {@link PeerLink}). A region that cannot be sent (its
 * channel was closed, or its file now ends before the region does) fails {@link #writeTo} with an
 * {@link IOException}, which closes the connection like any other I/O error: the message is lost, the
 * ones after it go out on the next connection. Not thread-safe: created by the sending thread, then
 * owned by the I/O thread.
 */
final class OutboundFrame {

    /** A stretch of the frame written by one kind of call. */
    private sealed interface Run permits Buffers, Region {
        /** Writes what the socket takes; returns the bytes written. */
        long writeTo(SocketChannel channel) throws IOException;

        boolean done();
    }

    /** Byte buffers written with gathering writes. */
    private static final class Buffers implements Run {
        private final ByteBuffer[] buffers;

        Buffers(ByteBuffer[] buffers) {
            this.buffers = buffers;
        }

        @Override
        public long writeTo(SocketChannel channel) throws IOException {
            long written = 0;
            long n;
            // a gathering write takes at most IOV_MAX buffers per call: go on while the socket accepts
            do {
                n = channel.write(buffers);
                written += n;
            } while (n > 0 && !done());
            return written;
        }

        @Override
        public boolean done() {
            return !buffers[buffers.length - 1].hasRemaining();
        }
    }

    /** A file region sent with {@code transferTo}. */
    private static final class Region implements Run {
        private final FileRegion file;
        private long written;

        Region(FileRegion file) {
            this.file = file;
        }

        @Override
        public long writeTo(SocketChannel channel) throws IOException {
            long before = written;
            while (written < file.length()) {
                long position = file.position() + written;
                long sent;
                try {
                    sent = file.channel().transferTo(position, file.length() - written, channel);
                } catch (IOException | RuntimeException e) {
                    // The channel is the sender's (a channel opened without READ throws the unchecked
                    // NonReadableChannelException): whatever it throws costs this message and its
                    // connection, never the transport's I/O thread.
                    throw new IOException("sending file region " + file.position() + "+" + file.length()
                            + " failed at byte " + written + ": " + e, e);
                }
                if (sent == 0) {
                    if (position >= file.channel().size()) {
                        throw new EOFException("file region ends at " + (file.position() + file.length())
                                + " beyond the end of its file (" + file.channel().size() + " bytes)");
                    }
                    break;
                }
                written += sent;
            }
            return written - before;
        }

        @Override
        public boolean done() {
            return written == file.length();
        }
    }

    private final ByteBuffer start;
    private final List<Run> runs;
    private final long messageLength;
    private int current;

    private OutboundFrame(ByteBuffer start, List<Run> runs, long messageLength) {
        this.start = start;
        this.runs = runs;
        this.messageLength = messageLength;
    }

    /**
     * @param header copied; the caller's buffer is left as it was
     * @param parts  the body, in order: byte parts are sent from duplicates of the caller's buffers
     *               (their contents must not change until sent); regions are read from their files when
     *               sent
     */
    static OutboundFrame of(ByteBuffer header, List<MessageBody> parts) {
        long bodyLength = bodyLength(parts);
        ByteBuffer start = FrameCodec.encodeMessageStart(header, bodyLength);
        List<Run> runs = new ArrayList<>();
        List<ByteBuffer> buffers = new ArrayList<>(List.of(start));
        for (MessageBody part : parts) {
            if (part.length() == 0) {
                continue;
            }
            if (part instanceof MessageBody.Bytes bytes) {
                buffers.add(bytes.buffer().duplicate());
            } else {
                flush(buffers, runs);
                runs.add(new Region(((MessageBody.Region) part).region()));
            }
        }
        flush(buffers, runs);
        return new OutboundFrame(start, List.copyOf(runs), header.remaining() + bodyLength);
    }

    /** The body's length: the sum of the parts' lengths. */
    static long bodyLength(List<MessageBody> parts) {
        return parts.stream().mapToLong(MessageBody::length).sum();
    }

    private static void flush(List<ByteBuffer> buffers, List<Run> runs) {
        if (!buffers.isEmpty()) {
            runs.add(new Buffers(buffers.toArray(ByteBuffer[]::new)));
            buffers.clear();
        }
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
     * @throws IOException if the socket fails, or a region's channel was closed or its file ends before
     *                     the region does
     */
    long writeTo(SocketChannel channel) throws IOException {
        long written = 0;
        while (current < runs.size()) {
            Run run = runs.get(current);
            written += run.writeTo(channel);
            if (!run.done()) {
                return written;
            }
            current++;
        }
        return written;
    }

    /** Whether every byte has been written. */
    boolean done() {
        return current == runs.size();
    }
}
