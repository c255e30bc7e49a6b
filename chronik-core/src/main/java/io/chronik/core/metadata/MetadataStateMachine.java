package io.chronik.core.metadata;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.Uuid;

/**
 * The cluster metadata that results from applying the metadata log in order.
 *
 * <p>{@link #apply} is deterministic and does no I/O: the same commands in the same order give the
 * same state on every node, whether replayed at start or applied as they commit. A command that
 * does not fit the state (a second topic with a taken name or id, deleting an unknown topic) is
 * applied as a no-op and reported as {@link Applied#ignored()}, because writers validate before
 * writing and a replay must not fail on what was accepted once.
 *
 * <h2>Threading</h2>
 * One thread applies at a time (the metadata writer); readers on any thread see each topic either
 * before or after a command, never half-applied.
 */
public final class MetadataStateMachine {

    private final Map<String, TopicInfo> topicsByName = new ConcurrentHashMap<>();
    private final Map<Uuid, TopicInfo> topicsById = new ConcurrentHashMap<>();
    private final Map<PartitionKey, Long> logStartOffsets = new ConcurrentHashMap<>();
    private volatile long lastAppliedOffset = -1;
    private volatile long nextProducerId;

    /** A partition by topic id, so a re-created topic of the same name starts clean. */
    private record PartitionKey(Uuid topicId, int partition) {
    }

    /** What applying one command did. */
    public sealed interface Applied {
        /** The command changed nothing. */
        record Ignored(String reason) implements Applied {
        }

        /** A topic now exists. */
        record TopicCreated(TopicInfo topic) implements Applied {
        }

        /** A topic no longer exists. */
        record TopicDeleted(TopicInfo topic) implements Applied {
        }

        /** The producer ids {@code [firstId, firstId + count)} are reserved for this writer. */
        record ProducerIdsAllocated(long firstId, int count) implements Applied {
        }

        /** A topic's config overrides changed. */
        record TopicConfigsAltered(TopicInfo topic) implements Applied {
        }

        /** A topic has new partitions, numbered from {@code previousPartitions}. */
        record PartitionsCreated(TopicInfo topic, int previousPartitions) implements Applied {
        }

        /** A partition's log start offset moved forward. */
        record LogStartAdvanced(TopicInfo topic, int partition, long logStartOffset) implements Applied {
        }

        /** Whether the command was a no-op. */
        default boolean ignored() {
            return this instanceof Ignored;
        }
    }

    /**
     * Applies the command stored at {@code offset} of the metadata log.
     *
     * @throws IllegalStateException if {@code offset} does not follow the last applied one
     */
    public Applied apply(long offset, MetadataCommand command) {
        if (offset <= lastAppliedOffset) {
            throw new IllegalStateException("metadata offset " + offset + " applied after " + lastAppliedOffset);
        }
        lastAppliedOffset = offset;
        if (command instanceof MetadataCommand.CreateTopic create) {
            if (topicsByName.containsKey(create.name())) {
                return new Applied.Ignored("topic " + create.name() + " already exists");
            }
            if (topicsById.containsKey(create.topicId())) {
                return new Applied.Ignored("topic id " + create.topicId() + " is taken");
            }
            TopicInfo topic = new TopicInfo(create.name(), create.topicId(), create.partitions(), create.configs());
            topicsById.put(topic.topicId(), topic);
            topicsByName.put(topic.name(), topic);
            return new Applied.TopicCreated(topic);
        } else if (command instanceof MetadataCommand.DeleteTopic delete) {
            TopicInfo topic = topicsById.remove(delete.topicId());
            if (topic == null) {
                return new Applied.Ignored("no topic with id " + delete.topicId());
            }
            topicsByName.remove(topic.name());
            logStartOffsets.keySet().removeIf(key -> key.topicId().equals(topic.topicId()));
            return new Applied.TopicDeleted(topic);
        } else if (command instanceof MetadataCommand.AllocateProducerIds allocate) {
            if (allocate.firstId() < nextProducerId) {
                return new Applied.Ignored("producer ids from " + allocate.firstId() + " overlap ids reserved up to "
                        + nextProducerId);
            }
            nextProducerId = allocate.firstId() + allocate.count();
            return new Applied.ProducerIdsAllocated(allocate.firstId(), allocate.count());
        } else if (command instanceof MetadataCommand.AlterTopicConfigs alter) {
            return replaceTopic(alter.topicId(), t -> new TopicInfo(t.name(), t.topicId(), t.partitions(),
                    alter.configs()), Applied.TopicConfigsAltered::new);
        } else if (command instanceof MetadataCommand.CreatePartitions grow) {
            Optional<TopicInfo> before = topic(grow.topicId());
            if (before.isPresent() && grow.partitions() <= before.get().partitions()) {
                return new Applied.Ignored("topic " + before.get().name() + " already has " + before.get().partitions()
                        + " partitions, cannot grow to " + grow.partitions());
            }
            return replaceTopic(grow.topicId(), t -> new TopicInfo(t.name(), t.topicId(), grow.partitions(),
                    t.configs()), t -> new Applied.PartitionsCreated(t, before.orElseThrow().partitions()));
        } else if (command instanceof MetadataCommand.AdvanceLogStart advance) {
            Optional<TopicInfo> topic = topic(advance.topicId());
            if (topic.isEmpty() || advance.partition() >= topic.get().partitions()) {
                return new Applied.Ignored("no partition " + advance.partition() + " of topic id " + advance.topicId());
            }
            logStartOffsets.merge(new PartitionKey(advance.topicId(), advance.partition()), advance.logStartOffset(),
                    Math::max);
            return new Applied.LogStartAdvanced(topic.get(), advance.partition(),
                    logStartOffset(advance.topicId(), advance.partition()));
        }
        throw new IllegalArgumentException("unknown metadata command " + command);
    }

    private Applied replaceTopic(Uuid topicId, UnaryOperator<TopicInfo> change, Function<TopicInfo, Applied> applied) {
        TopicInfo before = topicsById.get(topicId);
        if (before == null) {
            return new Applied.Ignored("no topic with id " + topicId);
        }
        TopicInfo after = change.apply(before);
        topicsById.put(topicId, after);
        topicsByName.put(after.name(), after);
        return applied.apply(after);
    }

    /** The first producer id not yet reserved by any {@link MetadataCommand.AllocateProducerIds}. */
    public long nextProducerId() {
        return nextProducerId;
    }

    /** The log start offset DeleteRecords set for a partition, 0 if none. */
    public long logStartOffset(Uuid topicId, int partition) {
        return logStartOffsets.getOrDefault(new PartitionKey(topicId, partition), 0L);
    }

    /** The offset of the last applied command, -1 before the first. */
    public long lastAppliedOffset() {
        return lastAppliedOffset;
    }

    public Optional<TopicInfo> topic(String name) {
        return Optional.ofNullable(topicsByName.get(name));
    }

    public Optional<TopicInfo> topic(Uuid topicId) {
        return Optional.ofNullable(topicsById.get(topicId));
    }

    /** Every topic, sorted by name. */
    public List<TopicInfo> topics() {
        Collection<TopicInfo> all = topicsByName.values();
        return all.stream().sorted(Comparator.comparing(TopicInfo::name)).toList();
    }
}
