package io.chronik.wal.disruptor;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A direct buffer in which the writer encodes records (header from {@link RecordCodec}, then data) and
 * which it writes to a segment in one call: consecutive records for the same segment cost one
 * {@code write} instead of one each. A record larger than the buffer is written with its header in a
 * gathering write, without being copied into it.
 *
 * <p>Direct, because the JDK copies any heap buffer into a temporary direct one for every channel write.
 * A plain {@link ByteBuffer} rather than Chronicle Bytes: encoding is a 16-byte header, one bulk copy and a
 * CRC32C, which {@code ByteBuffer} and {@link java.util.zip.CRC32C} do with intrinsics; and the Chronicle
 * variant that exposes a {@code ByteBuffer} (needed by {@code FileChannel.write} and {@code CRC32C}) fails
 * on Java 17 without {@code --add-exports java.base/sun.nio.ch}, which a plugin cannot demand of its host.
 * Writer thread only.
 */
final class StagingBuffer {

    private final ByteBuffer buffer;
    private SegmentFile target;

    StagingBuffer(int capacity) {
        buffer = ByteBuffer.allocateDirect(Math.max(capacity, RecordCodec.HEADER_LENGTH));
    }

    /** Encodes a record for {@code file}; earlier staged bytes of another file are written first. */
    void add(SegmentFile file, long offset, ByteBuffer data) throws IOException {
        long recordBytes = (long) RecordCodec.HEADER_LENGTH + data.remaining();
        if (target != file || buffer.remaining() < recordBytes) {
            drain();
        }
        RecordCodec.encodeHeader(buffer, offset, data);
        if (recordBytes > buffer.capacity()) {
            buffer.flip();
            file.append(buffer, data.duplicate());
            buffer.clear();
            return;
        }
        buffer.put(data.duplicate());
        target = file;
    }

    /** Writes whatever is staged. */
    void drain() throws IOException {
        if (target != null && buffer.position() > 0) {
            buffer.flip();
            target.append(buffer);
        }
        discard();
    }

    /** Forgets whatever is staged (the WAL failed, or the file is being removed). */
    void discard() {
        buffer.clear();
        target = null;
    }
}
