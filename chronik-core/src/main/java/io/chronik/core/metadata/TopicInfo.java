package io.chronik.core.metadata;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * A topic as the metadata state knows it.
 *
 * @param name       the topic name
 * @param topicId    its id, stable for the topic's life (a re-created topic gets a new one)
 * @param partitions the number of partitions
 * @param configs    topic-level config overrides
 */
public record TopicInfo(String name, Uuid topicId, int partitions, SortedMap<String, String> configs) {

    public TopicInfo {
        configs = Collections.unmodifiableSortedMap(new TreeMap<>(configs));
    }
}
