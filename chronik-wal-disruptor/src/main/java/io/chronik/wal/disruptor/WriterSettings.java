package io.chronik.wal.disruptor;

import io.chronik.api.ConfigException;
import io.chronik.spi.PluginProperties;
import java.time.Duration;
import java.util.Set;

/**
 * The writer's own keys, under {@code wal.disruptor.}:
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code ring.size}</td><td>4096</td><td>slots in the Disruptor ring (a power of two); appenders
 *       wait when it is full. Each slot keeps a buffer for appends of up to 4 KiB, so the ring holds
 *       up to {@code ring.size} x 4 KiB (16 MiB by default)</td></tr>
 *   <tr><td>{@code max.batch.bytes}</td><td>4 MiB</td><td>a group commit is forced once this many bytes
 *       are pending, even if more appends are queued</td></tr>
 *   <tr><td>{@code max.batch.delay.ms}</td><td>5</td><td>... or once the oldest pending append has waited
 *       this long; a limit that cuts a long batch early, never a wait: a batch that ends sooner is
 *       forced at once</td></tr>
 *   <tr><td>{@code index.interval.bytes}</td><td>4096</td><td>segment bytes between sparse index
 *       entries</td></tr>
 *   <tr><td>{@code write.buffer.bytes}</td><td>256 KiB</td><td>direct buffer coalescing consecutive
 *       records of one segment into one write</td></tr>
 *   <tr><td>{@code fsync.threads}</td><td>8</td><td>forces of one group commit's files in flight at once
 *       (1 to 64), the writer thread included: a batch touching several logs waits for about its slowest
 *       force instead of their sum. 1 forces them one after another</td></tr>
 *   <tr><td>{@code preallocate.bytes}</td><td>1 MiB</td><td>zeros a segment file is extended by ahead of its
 *       records (0, or 4 KiB to 1 GiB; never past the segment size): a group commit's force then overwrites
 *       blocks the file owns and commits no size change (see {@link SegmentFile}). 0 appends to the end of
 *       the file, so every force also commits its new size</td></tr>
 * </table>
 *
 * Unknown keys are rejected, so a typo stops startup instead of being ignored.
 */
record WriterSettings(int ringSize, long maxBatchBytes, long maxBatchDelayNanos, int indexIntervalBytes,
                      int writeBufferBytes, int fsyncThreads, long preallocateBytes) {

    static final String RING_SIZE = "ring.size";
    static final String MAX_BATCH_BYTES = "max.batch.bytes";
    static final String MAX_BATCH_DELAY_MS = "max.batch.delay.ms";
    static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    static final String WRITE_BUFFER_BYTES = "write.buffer.bytes";
    static final String FSYNC_THREADS = "fsync.threads";
    static final String PREALLOCATE_BYTES = "preallocate.bytes";

    static WriterSettings from(PluginProperties properties) {
        properties.requireOnly(Set.of(RING_SIZE, MAX_BATCH_BYTES, MAX_BATCH_DELAY_MS, INDEX_INTERVAL_BYTES,
                WRITE_BUFFER_BYTES, FSYNC_THREADS, PREALLOCATE_BYTES));
        int ringSize = properties.intValue(RING_SIZE, 4096, 64, 1 << 22);
        if (Integer.bitCount(ringSize) != 1) {
            throw new ConfigException(properties.fullKey(RING_SIZE), "must be a power of two, got " + ringSize);
        }
        long maxBatchBytes = properties.longValue(MAX_BATCH_BYTES, 4L << 20, 4096, 1L << 30);
        Duration maxDelay = properties.millis(MAX_BATCH_DELAY_MS, Duration.ofMillis(5), Duration.ofMillis(1),
                Duration.ofSeconds(10));
        int indexInterval = properties.intValue(INDEX_INTERVAL_BYTES, 4096, 256, 16 << 20);
        int writeBuffer = properties.intValue(WRITE_BUFFER_BYTES, 256 << 10, 4096, 64 << 20);
        int fsyncThreads = properties.intValue(FSYNC_THREADS, 8, 1, 64);
        long preallocate = properties.longValue(PREALLOCATE_BYTES, 1L << 20, 0, 1L << 30);
        if (preallocate > 0 && preallocate < 4096) {
            throw new ConfigException(properties.fullKey(PREALLOCATE_BYTES), "must be 0 (no preallocation) or at least "
                    + "4096, got " + preallocate);
        }
        return new WriterSettings(ringSize, maxBatchBytes, maxDelay.toNanos(), indexInterval, writeBuffer,
                fsyncThreads, preallocate);
    }

    /** How the segment files of a WAL whose segments roll at {@code segmentBytes} grow. */
    SegmentSizing sizing(long segmentBytes) {
        return new SegmentSizing(segmentBytes, preallocateBytes);
    }
}
