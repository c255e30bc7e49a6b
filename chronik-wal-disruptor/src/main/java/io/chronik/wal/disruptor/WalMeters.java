package io.chronik.wal.disruptor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The WAL's meters, all tagged {@code plugin=disruptor}: appends and their bytes, records per group
 * commit, fsync latency (with a percentile histogram), fsyncs by reason, and recovery truncations.
 * Updated by the writer thread, by the {@code wal-fsync} threads for the forces they run, and by the
 * opening thread for recovery. Thread-safe (Micrometer meters are).
 */
final class WalMeters {

    /** Why a file or directory was forced; the {@code reason} tag of {@code chronik.wal.fsyncs}. */
    enum FsyncReason {
        /** The Disruptor batch ended: the group commit. */
        END_OF_BATCH,
        /** The batch reached {@code max.batch.bytes} before it ended. */
        MAX_BYTES,
        /** The oldest unforced record waited {@code max.batch.delay.ms}. */
        MAX_DELAY,
        /** {@code interval:<ms>} policy: the interval elapsed. */
        INTERVAL,
        /** A full segment is forced before the log rolls to a new one. */
        ROTATION,
        /** Pending appends are committed before a truncation or deletion, to keep call order. */
        ORDERING,
        /** A segment was cut by {@code truncateAfter}. */
        TRUNCATE,
        /** A directory changed (segment or log created or deleted). */
        DIRECTORY,
        /** The WAL is closing. */
        CLOSE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String PLUGIN_TAG = "disruptor";

    private final Counter appends;
    private final Counter appendBytes;
    private final DistributionSummary batchRecords;
    private final Timer fsync;
    private final Map<FsyncReason, Counter> fsyncs = new EnumMap<>(FsyncReason.class);
    private final Counter recoveryTruncations;

    WalMeters(MeterRegistry registry) {
        appends = Counter.builder("chronik.wal.appends").tag("plugin", PLUGIN_TAG)
                .description("records appended and acknowledged").register(registry);
        appendBytes = Counter.builder("chronik.wal.append.bytes").tag("plugin", PLUGIN_TAG).baseUnit("bytes")
                .description("record data bytes appended and acknowledged").register(registry);
        batchRecords = DistributionSummary.builder("chronik.wal.batch.records").tag("plugin", PLUGIN_TAG)
                .description("records acknowledged per group commit").publishPercentileHistogram()
                .register(registry);
        fsync = Timer.builder("chronik.wal.fsync").tag("plugin", PLUGIN_TAG)
                .description("latency of one FileChannel.force").publishPercentileHistogram().register(registry);
        for (FsyncReason reason : FsyncReason.values()) {
            fsyncs.put(reason, Counter.builder("chronik.wal.fsyncs").tag("plugin", PLUGIN_TAG)
                    .tag("reason", reason.tag()).description("forces by reason").register(registry));
        }
        recoveryTruncations = Counter.builder("chronik.wal.recovery.truncations").tag("plugin", PLUGIN_TAG)
                .description("logs whose torn or corrupt tail was cut when opened").register(registry);
    }

    void acknowledged(long records, long dataBytes) {
        appends.increment(records);
        appendBytes.increment(dataBytes);
        batchRecords.record(records);
    }

    void forced(FsyncReason reason, long nanos) {
        fsync.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        fsyncs.get(reason).increment();
    }

    void recoveryTruncated() {
        recoveryTruncations.increment();
    }
}
