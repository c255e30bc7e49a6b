package io.chronik.core.kafka;

/**
 * The broker-level defaults of the topic configs ({@link TopicConfig}), each named after the Kafka
 * broker setting it stands for. A topic override replaces the default for that topic only.
 *
 * @param retentionMs              {@code log.retention.ms}: -1 keeps records forever
 * @param retentionBytes           {@code log.retention.bytes}: -1 means no size limit
 * @param segmentBytes             {@code log.segment.bytes}: stored and reported only; the WAL's
 *                                 segment size is node-wide
 * @param minInsyncReplicas        {@code min.insync.replicas}
 * @param logAppendTime            {@code log.message.timestamp.type} is {@code LogAppendTime}
 * @param retentionCheckIntervalMs {@code log.retention.check.interval.ms}: how often retention runs
 */
public record LogDefaults(long retentionMs, long retentionBytes, int segmentBytes, int minInsyncReplicas,
                          boolean logAppendTime, long retentionCheckIntervalMs) {

    /** Kafka's own defaults: 7 days, no size limit, 1 GiB segments, 1 replica, CreateTime, 5 minutes. */
    public static final LogDefaults KAFKA = new LogDefaults(7L * 24 * 60 * 60 * 1000, -1, 1 << 30, 1, false,
            5 * 60 * 1000L);

    public LogDefaults {
        if (retentionMs < -1 || retentionBytes < -1) {
            throw new IllegalArgumentException("retention limits must be -1 (none) or positive");
        }
        if (segmentBytes < 1 || minInsyncReplicas < 1 || retentionCheckIntervalMs < 1) {
            throw new IllegalArgumentException("segmentBytes, minInsyncReplicas and retentionCheckIntervalMs must be "
                    + "positive");
        }
    }

    public LogDefaults withRetention(long ms, long bytes, long checkIntervalMs) {
        return new LogDefaults(ms, bytes, segmentBytes, minInsyncReplicas, logAppendTime, checkIntervalMs);
    }
}
