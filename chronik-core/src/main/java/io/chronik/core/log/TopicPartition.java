package io.chronik.core.log;

/**
 * A partition of a topic, by name.
 *
 * @param topic     the topic name
 * @param partition the partition index, from 0
 */
public record TopicPartition(String topic, int partition) {

    /** The name of the WAL log holding this partition: {@code <topic>-<partition>}. */
    public String walLogName() {
        return topic + "-" + partition;
    }

    @Override
    public String toString() {
        return walLogName();
    }
}
