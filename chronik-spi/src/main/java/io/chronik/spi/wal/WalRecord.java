package io.chronik.spi.wal;

import java.nio.ByteBuffer;

/**
 * One record read back from a {@link WalLog}.
 *
 * @param offset the logical offset it was appended with
 * @param data   its bytes, a read-only buffer positioned at 0 that the reader owns
 */
public record WalRecord(long offset, ByteBuffer data) {

    /** The number of data bytes. */
    public int size() {
        return data.remaining();
    }
}
