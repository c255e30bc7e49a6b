package io.chronik.core.cluster;

import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.protocol.Errors;

/**
 * The controller's answer to a {@link MetadataOperation}.
 *
 * @param error         {@link Errors#NONE} on success, else the Kafka error the client should see
 * @param message       why it failed, for the client
 * @param appliedOffset the metadata offset of the command the operation wrote, -1 if it wrote none;
 *                      the submitting node answers only once it has applied that offset itself
 * @param value         what the operation produced beyond its effect on the state: the first id of an
 *                      {@link MetadataOperation.AllocateProducerIds} block, else 0
 */
public record OperationResult(Errors error, Optional<String> message, long appliedOffset, long value) {

    public OperationResult {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(message, "message");
    }

    static OperationResult written(long offset) {
        return new OperationResult(Errors.NONE, Optional.empty(), offset, 0);
    }

    static OperationResult done() {
        return new OperationResult(Errors.NONE, Optional.empty(), -1, 0);
    }

    public static OperationResult failed(Errors error, String message) {
        return new OperationResult(error, Optional.of(message), -1, 0);
    }

    public boolean succeeded() {
        return error == Errors.NONE;
    }
}
