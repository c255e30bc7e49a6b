package io.chronik.core.log;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.wal.WalException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Copies message parts (bytes and file regions) into one heap buffer, for the readers that need the
 * bytes themselves rather than sending them on: group replay, the ISR follower path of tests.
 */
public final class SpanCopier {

    private SpanCopier() {
    }

    /**
     * The parts back to back in one new buffer positioned at 0; byte parts are not consumed.
     *
     * @throws WalException if a region's file is closed or ends before the region does
     */
    public static ByteBuffer copy(List<MessageBody> parts) {
        long size = parts.stream().mapToLong(MessageBody::length).sum();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(size + " bytes do not fit one buffer");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        for (MessageBody part : parts) {
            if (part instanceof MessageBody.Bytes bytes) {
                out.put(bytes.buffer().duplicate());
            } else {
                read(((MessageBody.Region) part).region(), out);
            }
        }
        return out.flip();
    }

    private static void read(FileRegion region, ByteBuffer out) {
        ByteBuffer target = out.slice(out.position(), (int) region.length());
        try {
            while (target.hasRemaining()) {
                int n = region.channel().read(target, region.position() + target.position());
                if (n < 0) {
                    throw new WalException("the file of a log region of " + region.length() + " bytes at "
                            + region.position() + " ends at " + region.channel().size());
                }
            }
        } catch (IOException e) {
            throw new WalException("cannot read a log region of " + region.length() + " bytes at "
                    + region.position() + ": " + e, e);
        }
        out.position(out.position() + target.capacity());
    }
}
