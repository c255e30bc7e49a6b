package io.chronik.console.kafka;

import java.util.List;

/**
 * Everything the console shows about one topic.
 *
 * @param name       the topic name
 * @param topicId    its id
 * @param internal   whether it is internal
 * @param partitions its partitions, by index
 * @param configs    its effective configs, by name
 */
public record TopicDetail(String name, String topicId, boolean internal, List<PartitionDetail> partitions,
                          List<TopicConfigEntry> configs) {

    public TopicDetail {
        partitions = List.copyOf(partitions);
        configs = List.copyOf(configs);
    }
}
