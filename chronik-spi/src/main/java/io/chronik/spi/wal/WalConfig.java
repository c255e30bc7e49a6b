package io.chronik.spi.wal;

import io.chronik.spi.PluginProperties;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the host tells a WAL, validated at construction.
 *
 * @param directory    the WAL's own directory ({@code <data.dir>/wal}); the WAL owns everything in it
 * @param flushPolicy  when appends are forced ({@code wal.flush.policy})
 * @param segmentBytes the size at which a log rolls to a new segment file ({@code wal.segment.bytes}),
 *                     1 MiB to 1 GiB
 * @param maxRecordBytes the largest record accepted ({@code wal.max.record.bytes}), 1 KiB to 256 MiB
 * @param properties   the provider's own keys ({@code wal.<provider>.*})
 */
public record WalConfig(Path directory, FlushPolicy flushPolicy, long segmentBytes, int maxRecordBytes,
                        PluginProperties properties) {

    public static final long MIN_SEGMENT_BYTES = 1L << 20;
    public static final long MAX_SEGMENT_BYTES = 1L << 30;
    public static final int MIN_RECORD_BYTES = 1 << 10;
    public static final int MAX_RECORD_BYTES = 1 << 28;

    public WalConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(flushPolicy, "flushPolicy");
        Objects.requireNonNull(properties, "properties");
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be " + MIN_SEGMENT_BYTES + ".." + MAX_SEGMENT_BYTES
                    + ": " + segmentBytes);
        }
        if (maxRecordBytes < MIN_RECORD_BYTES || maxRecordBytes > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("maxRecordBytes must be " + MIN_RECORD_BYTES + ".." + MAX_RECORD_BYTES
                    + ": " + maxRecordBytes);
        }
        if (maxRecordBytes > segmentBytes) {
            throw new IllegalArgumentException("maxRecordBytes " + maxRecordBytes + " exceeds segmentBytes " + segmentBytes);
        }
    }
}
