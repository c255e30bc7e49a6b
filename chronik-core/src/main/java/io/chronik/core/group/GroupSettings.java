package io.chronik.core.group;

/**
 * How the group coordinator behaves; Kafka's broker settings of the same meaning in brackets.
 *
 * @param offsetsTopicPartitions   partitions of {@code __consumer_offsets}, fixed once the topic
 *                                 exists ({@code offsets.topic.num.partitions})
 * @param initialRebalanceDelayMs  how long the first rebalance of an empty group waits for more
 *                                 members, extended per new member up to the rebalance timeout
 *                                 ({@code group.initial.rebalance.delay.ms})
 * @param minSessionTimeoutMs      the smallest session timeout a member may ask for
 *                                 ({@code group.min.session.timeout.ms})
 * @param maxSessionTimeoutMs      the largest ({@code group.max.session.timeout.ms})
 */
public record GroupSettings(int offsetsTopicPartitions, int initialRebalanceDelayMs, int minSessionTimeoutMs,
                            int maxSessionTimeoutMs) {

    /** Kafka's {@code offsets.topic.num.partitions} default. */
    public static final int DEFAULT_OFFSETS_TOPIC_PARTITIONS = 50;

    public GroupSettings {
        if (offsetsTopicPartitions < 1) {
            throw new IllegalArgumentException("offsetsTopicPartitions must be at least 1, was " + offsetsTopicPartitions);
        }
        if (initialRebalanceDelayMs < 0) {
            throw new IllegalArgumentException("initialRebalanceDelayMs must not be negative, was "
                    + initialRebalanceDelayMs);
        }
        if (minSessionTimeoutMs < 1 || maxSessionTimeoutMs < minSessionTimeoutMs) {
            throw new IllegalArgumentException("session timeout bounds must satisfy 1 <= min <= max, were "
                    + minSessionTimeoutMs + " and " + maxSessionTimeoutMs);
        }
    }

    /** Kafka's defaults: 50 partitions, 3 s initial delay, session timeouts from 6 s to 30 min. */
    public static GroupSettings defaults() {
        return new GroupSettings(DEFAULT_OFFSETS_TOPIC_PARTITIONS, 3_000, 6_000, 1_800_000);
    }

    public GroupSettings withInitialRebalanceDelayMs(int delayMs) {
        return new GroupSettings(offsetsTopicPartitions, delayMs, minSessionTimeoutMs, maxSessionTimeoutMs);
    }

    public GroupSettings withMinSessionTimeoutMs(int timeoutMs) {
        return new GroupSettings(offsetsTopicPartitions, initialRebalanceDelayMs, timeoutMs, maxSessionTimeoutMs);
    }
}
