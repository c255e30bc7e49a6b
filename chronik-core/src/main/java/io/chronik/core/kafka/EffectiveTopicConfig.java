package io.chronik.core.kafka;

import io.chronik.core.metadata.TopicInfo;

/**
 * The configs of one topic that change broker behaviour, resolved from its overrides and the
 * broker defaults.
 *
 * @param retentionMs       records whose batch's largest timestamp is older are deleted; -1 never
 * @param retentionBytes    the most bytes a partition keeps; -1 no limit
 * @param maxMessageBytes   the largest batch produce accepts
 * @param minInsyncReplicas acks=all needs this many replicas (only this node exists)
 * @param logAppendTime     batches are stamped with the broker's clock on append
 */
record EffectiveTopicConfig(long retentionMs, long retentionBytes, int maxMessageBytes, int minInsyncReplicas,
                            boolean logAppendTime) {

    static EffectiveTopicConfig of(TopicInfo topic, BrokerSettings settings) {
        return new EffectiveTopicConfig(
                Long.parseLong(TopicConfig.RETENTION_MS.valueFor(topic.configs(), settings).trim()),
                Long.parseLong(TopicConfig.RETENTION_BYTES.valueFor(topic.configs(), settings).trim()),
                Integer.parseInt(TopicConfig.MAX_MESSAGE_BYTES.valueFor(topic.configs(), settings).trim()),
                Integer.parseInt(TopicConfig.MIN_INSYNC_REPLICAS.valueFor(topic.configs(), settings).trim()),
                TopicConfig.LOG_APPEND_TIME.equals(TopicConfig.MESSAGE_TIMESTAMP_TYPE.valueFor(topic.configs(), settings)));
    }
}
