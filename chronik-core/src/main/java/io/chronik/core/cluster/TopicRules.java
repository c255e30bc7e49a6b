package io.chronik.core.cluster;

import io.chronik.core.metadata.MetadataStateMachine;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The Kafka-level rules a topic operation must satisfy, which the controller checks against its
 * latest state before writing. Each method returns the failure to answer, empty if the request is fine.
 */
public interface TopicRules {

    /** Name, collisions, partition count and configs of a new topic. */
    Optional<OperationResult> checkNewTopic(String name, int partitions, SortedMap<String, String> configs,
                                            MetadataStateMachine state);

    /** Growing topic {@code name} from {@code current} to {@code requested} partitions. */
    Optional<OperationResult> checkPartitionCount(String name, int current, int requested);

    /** The form under which two topic names collide (Kafka: names that differ only by '.' and '_'). */
    String collisionKey(String name);

    /** A topic's complete new config overrides. */
    Optional<OperationResult> checkConfigs(SortedMap<String, String> configs);
}
