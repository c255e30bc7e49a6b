package io.chronik.core.metadata;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
    private volatile long lastAppliedOffset = -1;

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
            return new Applied.TopicDeleted(topic);
        }
        throw new IllegalArgumentException("unknown metadata command " + command);
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
