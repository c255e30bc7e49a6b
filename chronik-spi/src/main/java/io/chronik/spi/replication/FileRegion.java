package io.chronik.spi.replication;

import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * A run of bytes in an open file. The sender must keep the channel open until the transport has sent
 * the region or dropped the message; the transport never closes it.
 *
 * @param channel  the file
 * @param position where the region starts
 * @param length   how many bytes, at most {@link Integer#MAX_VALUE}
 */
public record FileRegion(FileChannel channel, long position, long length) {
    public FileRegion {
        Objects.requireNonNull(channel, "channel");
        if (position < 0 || length < 0 || length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad region: position " + position + ", length " + length);
        }
    }
}
