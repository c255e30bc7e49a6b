package io.chronik.console.kafka;

import java.util.Objects;
import java.util.Optional;

/**
 * Where to move a group's committed offsets.
 *
 * @param to    the target: earliest, latest, an offset or a timestamp ({@link BrowseStart} positions)
 * @param topic only this topic's partitions (all of them), or every partition the group has committed
 *              offsets for when empty
 */
public record OffsetReset(BrowseStart to, Optional<String> topic) {

    public OffsetReset {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(topic, "topic");
    }
}
