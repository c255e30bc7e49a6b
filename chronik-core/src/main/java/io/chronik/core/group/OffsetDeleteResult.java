package io.chronik.core.group;

import io.chronik.core.log.TopicPartition;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;

/**
 * The outcome of an OffsetDelete.
 *
 * @param groupError {@code NONE}, or why nothing was deleted
 * @param partitions each requested partition's outcome when {@code groupError} is {@code NONE}
 */
public record OffsetDeleteResult(Errors groupError, Map<TopicPartition, Errors> partitions) {

    public OffsetDeleteResult {
        partitions = Map.copyOf(partitions);
    }

    static OffsetDeleteResult failed(Errors error) {
        return new OffsetDeleteResult(error, Map.of());
    }
}
