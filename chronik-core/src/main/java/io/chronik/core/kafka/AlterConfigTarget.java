package io.chronik.core.kafka;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.Errors;

/**
 * The target of an AlterConfigs or IncrementalAlterConfigs resource: only existing topics can be
 * altered; this node's broker configs are static ({@code INVALID_CONFIG}) and other resource types
 * are not served here ({@code INVALID_REQUEST}).
 */
final class AlterConfigTarget {

    private AlterConfigTarget() {
    }

    /** The topic to alter, or why the resource cannot be altered. */
    static TopicResult resolve(TopicManager topics, byte resourceType, String resourceName) {
        ConfigResource.Type type = ConfigResource.Type.forId(resourceType);
        if (type == ConfigResource.Type.BROKER) {
            return TopicResult.failed(Errors.INVALID_CONFIG, "Broker configs of this node are static and cannot be "
                    + "altered");
        }
        if (type != ConfigResource.Type.TOPIC) {
            return TopicResult.failed(Errors.INVALID_REQUEST, "Unsupported resource type " + type);
        }
        return topics.topic(resourceName).map(TopicResult::ok).orElseGet(() -> TopicResult.failed(
                Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + resourceName + "' does not exist"));
    }
}
