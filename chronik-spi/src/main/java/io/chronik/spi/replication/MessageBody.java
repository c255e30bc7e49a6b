package io.chronik.spi.replication;

import java.nio.ByteBuffer;
import java.util.Objects;

/** The body of a transport message: bytes in memory, or a region of a file. */
public sealed interface MessageBody {

    /** The body's length in bytes. */
    long length();

    /** Bytes from the buffer's position to its limit. */
    record Bytes(ByteBuffer buffer) implements MessageBody {
        public Bytes {
            Objects.requireNonNull(buffer, "buffer");
        }

        @Override
        public long length() {
            return buffer.remaining();
        }
    }

    /** A region of a file, sent as is. */
    record Region(FileRegion region) implements MessageBody {
        public Region {
            Objects.requireNonNull(region, "region");
        }

        @Override
        public long length() {
            return region.length();
        }
    }
}
