package io.chronik.console.kafka;

/**
 * One topic in the topic list.
 *
 * @param name              the topic name
 * @param internal          whether it is one of Kafka's internal topics ({@code __consumer_offsets})
 * @param partitions        how many partitions it has
 * @param replicationFactor replicas per partition (of its first partition)
 * @param records           records between each partition's log start and high watermark, summed
 * @param sizeBytes         bytes the partition leaders store for it (one copy)
 */
public record TopicSummary(String name, boolean internal, int partitions, int replicationFactor, long records,
                           long sizeBytes) {
}
