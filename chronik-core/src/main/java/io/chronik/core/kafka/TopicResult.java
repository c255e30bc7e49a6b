package io.chronik.core.kafka;

import io.chronik.core.metadata.TopicInfo;
import java.util.Optional;
import org.apache.kafka.common.protocol.Errors;

/**
 * The outcome of a topic creation or deletion.
 *
 * @param error   {@link Errors#NONE} on success
 * @param message why it failed, for the client; empty on success
 * @param topic   the topic created (or that would be, for validate-only) or deleted
 */
record TopicResult(Errors error, Optional<String> message, Optional<TopicInfo> topic) {

    static TopicResult ok(TopicInfo topic) {
        return new TopicResult(Errors.NONE, Optional.empty(), Optional.of(topic));
    }

    static TopicResult failed(Errors error, String message) {
        return new TopicResult(error, Optional.of(message), Optional.empty());
    }
}
