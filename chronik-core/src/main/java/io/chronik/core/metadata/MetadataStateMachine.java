package io.chronik.core.metadata;

import io.chronik.core.cluster.PartitionAssignment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;

/**
 * The cluster metadata that results from applying the committed metadata log in order: topics, their
 * partitions' {@link PartitionAssignment}s, registered brokers, DeleteRecords log starts and
 * producer-id blocks.
 *
 * <p>{@link #apply} is deterministic and does no I/O: the same commands in the same order give the
 * same state on every node, whether replayed at start or applied as they commit ({@link #digest()}
 * proves it). A command that does not fit the state (a second topic with a taken name or id, deleting
 * an unknown topic) is applied as a no-op and reported as {@link Applied#ignored()}, because writers
 * validate before writing and a replay must not fail on what was accepted once.
 *
 * <h2>Leaders</h2>
 * A new partition is led by its first replica that is a registered, unfenced broker (all replicas
 * start in the ISR, since every log is empty). Fencing and unfencing move leaders by the rules of
 * {@link MetadataCommand.FenceBroker} and {@link MetadataCommand.UnfenceBroker}, every leader change
 * with the next leader epoch. Every change of an assignment is reported in the {@link Applied} result.
 *
 * <h2>Reassignments</h2>
 * {@link MetadataCommand.ReassignPartition} gives a partition the replicas of a
 * {@link PartitionReassignment}: the target plus the replicas it drops, so the new ones catch up as
 * followers. The ISR change that brings the last target replica into the ISR also completes it: the
 * replicas become the target, the ISR keeps only target replicas and a removed leader hands over to
 * the first in-sync target replica that is live. {@link MetadataCommand.CancelReassignment} reverts to
 * the original replicas. As in Kafka, a replica set that only grows keeps its leader epoch (the
 * leader starts tracking the new followers), while one that drops a replica takes the next leader
 * epoch, which fences the dropped replicas, as does every leader change.
 *
 * <h2>Threading</h2>
 * One thread applies at a time (the metadata quorum's); readers on any thread see each topic, broker
 * and partition either before or after a command, never half-applied.
 */
public final class MetadataStateMachine {

    private final Map<String, TopicInfo> topicsByName = new ConcurrentHashMap<>();
    private final Map<Uuid, TopicInfo> topicsById = new ConcurrentHashMap<>();
    private final Map<PartitionKey, Long> logStartOffsets = new ConcurrentHashMap<>();
    private final Map<PartitionKey, PartitionAssignment> assignments = new ConcurrentHashMap<>();
    private final Map<Integer, BrokerRegistration> brokers = new ConcurrentHashMap<>();
    private final Map<PartitionKey, PartitionReassignment> reassignments = new ConcurrentHashMap<>();
    private volatile long lastAppliedOffset = -1;
    private volatile long nextProducerId;

    /** A partition by topic id, so a re-created topic of the same name starts clean. */
    private record PartitionKey(Uuid topicId, int partition) {
        /** The canonical order of {@link #digest()}. */
        static final Comparator<PartitionKey> ORDER = Comparator.comparing((PartitionKey k) -> k.topicId().toString())
                .thenComparingInt(PartitionKey::partition);
    }

    /** What applying one command did. */
    public sealed interface Applied {
        /** The command changed nothing. */
        record Ignored(String reason) implements Applied {
        }

        /** A topic now exists, with these partitions. */
        record TopicCreated(TopicInfo topic, List<PartitionAssignment> partitions) implements Applied {
            public TopicCreated {
                partitions = List.copyOf(partitions);
            }
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
        record PartitionsCreated(TopicInfo topic, int previousPartitions, List<PartitionAssignment> added)
                implements Applied {
            public PartitionsCreated {
                added = List.copyOf(added);
            }
        }

        /** A partition's log start offset moved forward. */
        record LogStartAdvanced(TopicInfo topic, int partition, long logStartOffset) implements Applied {
        }

        /** A broker registered (or re-registered); {@code changed} are partitions it now leads. */
        record BrokerRegistered(BrokerRegistration broker, List<PartitionAssignment> changed) implements Applied {
            public BrokerRegistered {
                changed = List.copyOf(changed);
            }
        }

        /** A broker was fenced or unfenced; {@code changed} are the partitions whose leader or ISR moved. */
        record BrokerFencing(BrokerRegistration broker, List<PartitionAssignment> changed) implements Applied {
            public BrokerFencing {
                changed = List.copyOf(changed);
            }
        }

        /** A partition's leader, leader epoch or ISR changed. */
        record PartitionChanged(PartitionAssignment partition) implements Applied {
        }

        /**
         * The whole state was replaced by a snapshot (a follower far behind installed its leader's):
         * any topic, partition or broker may have changed, and listeners should compare what they
         * hold with the state as it is now.
         */
        record SnapshotRestored(long lastAppliedOffset) implements Applied {
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
    public synchronized Applied apply(long offset, MetadataCommand command) {
        if (offset <= lastAppliedOffset) {
            throw new IllegalStateException("metadata offset " + offset + " applied after " + lastAppliedOffset);
        }
        lastAppliedOffset = offset;
        if (command instanceof MetadataCommand.CreateTopic create) {
            return createTopic(create);
        } else if (command instanceof MetadataCommand.DeleteTopic delete) {
            TopicInfo topic = topicsById.remove(delete.topicId());
            if (topic == null) {
                return new Applied.Ignored("no topic with id " + delete.topicId());
            }
            topicsByName.remove(topic.name());
            logStartOffsets.keySet().removeIf(key -> key.topicId().equals(topic.topicId()));
            assignments.keySet().removeIf(key -> key.topicId().equals(topic.topicId()));
            reassignments.keySet().removeIf(key -> key.topicId().equals(topic.topicId()));
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
            return createPartitions(grow);
        } else if (command instanceof MetadataCommand.AdvanceLogStart advance) {
            Optional<TopicInfo> topic = topic(advance.topicId());
            if (topic.isEmpty() || advance.partition() >= topic.get().partitions()) {
                return new Applied.Ignored("no partition " + advance.partition() + " of topic id " + advance.topicId());
            }
            logStartOffsets.merge(new PartitionKey(advance.topicId(), advance.partition()), advance.logStartOffset(),
                    Math::max);
            return new Applied.LogStartAdvanced(topic.get(), advance.partition(),
                    logStartOffset(advance.topicId(), advance.partition()));
        } else if (command instanceof MetadataCommand.RegisterBroker register) {
            BrokerRegistration broker = new BrokerRegistration(register.nodeId(), register.host(), register.port(),
                    false);
            brokers.put(broker.nodeId(), broker);
            return new Applied.BrokerRegistered(broker, electLeaderless(broker.nodeId()));
        } else if (command instanceof MetadataCommand.FenceBroker fence) {
            return fence(fence.nodeId());
        } else if (command instanceof MetadataCommand.UnfenceBroker unfence) {
            BrokerRegistration broker = brokers.get(unfence.nodeId());
            if (broker == null || !broker.fenced()) {
                return new Applied.Ignored("broker " + unfence.nodeId() + " is not registered and fenced");
            }
            brokers.put(broker.nodeId(), broker.withFenced(false));
            return new Applied.BrokerFencing(brokers.get(broker.nodeId()), electLeaderless(broker.nodeId()));
        } else if (command instanceof MetadataCommand.ChangePartition change) {
            return changePartition(change);
        } else if (command instanceof MetadataCommand.ReassignPartition reassign) {
            PartitionKey key = new PartitionKey(reassign.topicId(), reassign.partition());
            PartitionAssignment current = assignments.get(key);
            if (current == null) {
                return new Applied.Ignored("no partition " + reassign.partition() + " of topic id " + reassign.topicId());
            }
            List<Integer> original = Optional.ofNullable(reassignments.get(key)).map(PartitionReassignment::original)
                    .orElse(current.replicas());
            return moveReplicas(key, current, new PartitionReassignment(reassign.target(), original));
        } else if (command instanceof MetadataCommand.CancelReassignment cancel) {
            PartitionKey key = new PartitionKey(cancel.topicId(), cancel.partition());
            PartitionReassignment ongoing = reassignments.get(key);
            if (ongoing == null) {
                return new Applied.Ignored("no reassignment of partition " + cancel.partition() + " of topic id "
                        + cancel.topicId() + " is in progress");
            }
            return moveReplicas(key, assignments.get(key),
                    new PartitionReassignment(ongoing.original(), ongoing.original()));
        }
        throw new IllegalArgumentException("unknown metadata command " + command);
    }

    private Applied createTopic(MetadataCommand.CreateTopic create) {
        if (topicsByName.containsKey(create.name())) {
            return new Applied.Ignored("topic " + create.name() + " already exists");
        }
        if (topicsById.containsKey(create.topicId())) {
            return new Applied.Ignored("topic id " + create.topicId() + " is taken");
        }
        TopicInfo topic = new TopicInfo(create.name(), create.topicId(), create.partitions(), create.configs());
        List<PartitionAssignment> created = IntStream.range(0, create.partitions())
                .mapToObj(p -> newPartition(topic, p, create.assignment().get(p))).toList();
        topicsById.put(topic.topicId(), topic);
        topicsByName.put(topic.name(), topic);
        return new Applied.TopicCreated(topic, created);
    }

    private Applied createPartitions(MetadataCommand.CreatePartitions grow) {
        TopicInfo before = topicsById.get(grow.topicId());
        if (before == null) {
            return new Applied.Ignored("no topic with id " + grow.topicId());
        }
        if (grow.partitions() - grow.added().size() != before.partitions()) {
            return new Applied.Ignored("topic " + before.name() + " has " + before.partitions()
                    + " partitions; adding " + grow.added().size() + " does not make " + grow.partitions());
        }
        TopicInfo after = new TopicInfo(before.name(), before.topicId(), grow.partitions(), before.configs());
        List<PartitionAssignment> added = IntStream.range(0, grow.added().size())
                .mapToObj(i -> newPartition(after, before.partitions() + i, grow.added().get(i))).toList();
        topicsById.put(after.topicId(), after);
        topicsByName.put(after.name(), after);
        return new Applied.PartitionsCreated(after, before.partitions(), added);
    }

    private PartitionAssignment newPartition(TopicInfo topic, int partition, List<Integer> replicas) {
        OptionalInt leader = replicas.stream().filter(this::live).mapToInt(Integer::intValue).findFirst();
        PartitionAssignment assignment = new PartitionAssignment(topic.topicId(), topic.name(), partition, replicas,
                leader, 0, new TreeSet<>(replicas));
        assignments.put(new PartitionKey(topic.topicId(), partition), assignment);
        return assignment;
    }

    private Applied fence(int nodeId) {
        BrokerRegistration broker = brokers.get(nodeId);
        if (broker == null || broker.fenced()) {
            return new Applied.Ignored("broker " + nodeId + " is not registered or already fenced");
        }
        brokers.put(nodeId, broker.withFenced(true));
        List<PartitionAssignment> changed = new ArrayList<>();
        for (PartitionAssignment a : sortedAssignments()) {
            if (!a.isr().contains(nodeId)) {
                continue;
            }
            SortedSet<Integer> isr = new TreeSet<>(a.isr());
            if (isr.size() > 1) {
                isr.remove(nodeId);
            }
            boolean ledByIt = a.leader().isPresent() && a.leader().getAsInt() == nodeId;
            OptionalInt leader = ledByIt
                    ? a.replicas().stream().filter(r -> isr.contains(r) && live(r)).mapToInt(Integer::intValue)
                            .findFirst()
                    : a.leader();
            if (ledByIt || !isr.equals(a.isr())) {
                changed.add(replace(a, leader, ledByIt ? a.leaderEpoch() + 1 : a.leaderEpoch(), isr));
            }
        }
        return new Applied.BrokerFencing(brokers.get(nodeId), changed);
    }

    /** Makes {@code nodeId} the leader of every leaderless partition whose ISR holds it. */
    private List<PartitionAssignment> electLeaderless(int nodeId) {
        List<PartitionAssignment> changed = new ArrayList<>();
        for (PartitionAssignment a : sortedAssignments()) {
            if (a.leader().isEmpty() && a.isr().contains(nodeId)) {
                changed.add(replace(a, OptionalInt.of(nodeId), a.leaderEpoch() + 1, a.isr()));
            }
        }
        return changed;
    }

    private Applied changePartition(MetadataCommand.ChangePartition change) {
        PartitionAssignment current = assignments.get(new PartitionKey(change.topicId(), change.partition()));
        if (current == null) {
            return new Applied.Ignored("no partition " + change.partition() + " of topic id " + change.topicId());
        }
        if (change.leaderEpoch() < current.leaderEpoch() || !current.replicas().containsAll(change.isr())
                || (change.leader().isPresent() && !change.isr().contains(change.leader().getAsInt()))) {
            return new Applied.Ignored("change " + change + " does not fit " + current);
        }
        PartitionAssignment changed = replace(current, change.leader(), change.leaderEpoch(), change.isr());
        PartitionKey key = new PartitionKey(change.topicId(), change.partition());
        PartitionReassignment ongoing = reassignments.get(key);
        if (ongoing != null && changed.isr().containsAll(ongoing.target())) {
            return moveReplicas(key, changed, ongoing); // the last target replica caught up: complete
        }
        return new Applied.PartitionChanged(changed);
    }

    /**
     * Gives a partition the replicas {@code next} calls for: its target if every target replica is in
     * sync or it adds and removes nothing (then no reassignment is left), else the target plus the
     * replicas it removes. The ISR keeps only the new replicas; the leader stays if it is among them,
     * else the first live in-sync replica leads. Dropping a replica or changing the leader takes the
     * next leader epoch.
     */
    private Applied moveReplicas(PartitionKey key, PartitionAssignment current, PartitionReassignment next) {
        List<Integer> replicas = next.replicas();
        SortedSet<Integer> isr = new TreeSet<>(current.isr());
        isr.retainAll(replicas);
        if (isr.isEmpty()) {
            return new Applied.Ignored("replicas " + replicas + " of " + current.topic() + "-" + current.partition()
                    + " would have none of the in-sync replicas " + current.isr());
        }
        if (isr.containsAll(next.target()) || (next.adding().isEmpty() && next.removing().isEmpty())) {
            replicas = next.target();
            isr.retainAll(replicas);
            reassignments.remove(key);
        } else {
            reassignments.put(key, next);
        }
        OptionalInt leader = current.leader().isPresent() && isr.contains(current.leader().getAsInt())
                ? current.leader()
                : replicas.stream().filter(r -> isr.contains(r) && live(r)).mapToInt(Integer::intValue).findFirst();
        boolean fences = !replicas.containsAll(current.replicas()) || !leader.equals(current.leader());
        PartitionAssignment moved = new PartitionAssignment(current.topicId(), current.topic(), current.partition(),
                replicas, leader, fences ? current.leaderEpoch() + 1 : current.leaderEpoch(), isr);
        assignments.put(key, moved);
        return new Applied.PartitionChanged(moved);
    }

    private PartitionAssignment replace(PartitionAssignment a, OptionalInt leader, int epoch, SortedSet<Integer> isr) {
        PartitionAssignment next = new PartitionAssignment(a.topicId(), a.topic(), a.partition(), a.replicas(), leader,
                epoch, isr);
        assignments.put(new PartitionKey(a.topicId(), a.partition()), next);
        return next;
    }

    private boolean live(int nodeId) {
        BrokerRegistration broker = brokers.get(nodeId);
        return broker != null && !broker.fenced();
    }

    private List<PartitionAssignment> sortedAssignments() {
        return assignments.values().stream()
                .sorted(Comparator.comparing(PartitionAssignment::topic).thenComparingInt(PartitionAssignment::partition))
                .toList();
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

    /** The whole state as one value, in canonical order (what a snapshot stores). */
    public synchronized MetadataImage image() {
        List<MetadataImage.LogStart> starts = logStartOffsets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(PartitionKey.ORDER))
                .map(e -> new MetadataImage.LogStart(e.getKey().topicId(), e.getKey().partition(), e.getValue()))
                .toList();
        List<MetadataImage.Reassignment> moving = reassignments.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(PartitionKey.ORDER))
                .map(e -> new MetadataImage.Reassignment(e.getKey().topicId(), e.getKey().partition(), e.getValue()))
                .toList();
        return new MetadataImage(lastAppliedOffset, nextProducerId, topics(), brokers(), sortedAssignments(), starts,
                moving);
    }

    /**
     * Replaces the whole state with {@code image} (a snapshot loaded at start or installed from the
     * leader); commands after {@code image.lastAppliedOffset()} apply on top of it. Each map first takes
     * the image's entries and then drops the others, so a reader on another thread never misses a topic,
     * partition or broker that exists both before and after (it may see some of each, as it may see a
     * command's effects one map at a time); the metadata quorum tells listeners once it is done.
     */
    public synchronized void restore(MetadataImage image) {
        Map<String, TopicInfo> byName = new HashMap<>();
        Map<Uuid, TopicInfo> byId = new HashMap<>();
        image.topics().forEach(t -> {
            byName.put(t.name(), t);
            byId.put(t.topicId(), t);
        });
        Map<Integer, BrokerRegistration> registered = new HashMap<>();
        image.brokers().forEach(b -> registered.put(b.nodeId(), b));
        Map<PartitionKey, PartitionAssignment> assigned = new HashMap<>();
        image.partitions().forEach(a -> assigned.put(new PartitionKey(a.topicId(), a.partition()), a));
        Map<PartitionKey, Long> starts = new HashMap<>();
        image.logStarts().forEach(l -> starts.put(new PartitionKey(l.topicId(), l.partition()), l.offset()));
        Map<PartitionKey, PartitionReassignment> moving = new HashMap<>();
        image.reassignments().forEach(r -> moving.put(new PartitionKey(r.topicId(), r.partition()), r.reassignment()));
        replaceContents(topicsByName, byName);
        replaceContents(topicsById, byId);
        replaceContents(brokers, registered);
        replaceContents(assignments, assigned);
        replaceContents(logStartOffsets, starts);
        replaceContents(reassignments, moving);
        nextProducerId = image.nextProducerId();
        lastAppliedOffset = image.lastAppliedOffset();
    }

    private static <K, V> void replaceContents(Map<K, V> map, Map<K, V> contents) {
        map.putAll(contents);
        map.keySet().retainAll(contents.keySet());
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

    /** What the controller decided for one partition. */
    public Optional<PartitionAssignment> assignment(Uuid topicId, int partition) {
        return Optional.ofNullable(assignments.get(new PartitionKey(topicId, partition)));
    }

    /** The partition's reassignment in progress, if any. */
    public Optional<PartitionReassignment> reassignment(Uuid topicId, int partition) {
        return Optional.ofNullable(reassignments.get(new PartitionKey(topicId, partition)));
    }

    /** Every registered broker, by node id. */
    public List<BrokerRegistration> brokers() {
        return brokers.values().stream().sorted(Comparator.comparingInt(BrokerRegistration::nodeId)).toList();
    }

    public Optional<BrokerRegistration> broker(int nodeId) {
        return Optional.ofNullable(brokers.get(nodeId));
    }

    /** The registered brokers that are not fenced, by node id. */
    public List<BrokerRegistration> liveBrokers() {
        return brokers().stream().filter(b -> !b.fenced()).toList();
    }

    /**
     * A SHA-256 digest (hex) of everything this state holds, in a canonical order: two nodes that
     * applied the same committed commands have the same digest. The offset of the last applied
     * command is left out, so a node that replayed the log digests like one that applied it live.
     */
    public synchronized String digest() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        sha.update(line("producers " + nextProducerId));
        new TreeMap<>(topicsByName).values().forEach(t -> sha.update(line("topic " + t)));
        sortedAssignments().forEach(a -> sha.update(line("partition " + a)));
        logStartOffsets.entrySet().stream().sorted(Map.Entry.comparingByKey(PartitionKey.ORDER))
                .forEach(e -> sha.update(line("logStart " + e.getKey() + " " + e.getValue())));
        brokers().forEach(b -> sha.update(line("broker " + b)));
        reassignments.entrySet().stream().sorted(Map.Entry.comparingByKey(PartitionKey.ORDER))
                .forEach(e -> sha.update(line("reassignment " + e.getKey() + " " + e.getValue())));
        return HexFormat.of().formatHex(sha.digest());
    }

    private static ByteBuffer line(String text) {
        return StandardCharsets.UTF_8.encode(text + "\n");
    }
}
