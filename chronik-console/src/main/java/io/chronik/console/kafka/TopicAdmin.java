package io.chronik.console.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Topic management through the Kafka admin protocol: list (with offsets and sizes), describe, create,
 * delete, alter configs and add partitions. Offsets come from ListOffsets, sizes and log end offsets
 * from DescribeLogDirs asked of every broker (a partition's figures are its leader's).
 *
 * <p>Thread-safe; every call blocks for at most a few Kafka round trips.
 */
public final class TopicAdmin {

    private final KafkaClients clients;

    public TopicAdmin(KafkaClients clients) {
        this.clients = clients;
    }

    /**
     * Every topic whose name contains {@code search} (ignoring case; empty matches all), sorted by
     * name, internal topics included.
     */
    public List<TopicSummary> list(String search) {
        Admin admin = clients.admin();
        String wanted = search.toLowerCase(Locale.ROOT).trim();
        Set<String> names = KafkaCalls.await(admin.listTopics(new ListTopicsOptions().listInternal(true)).names(),
                "listing topics").stream()
                .filter(name -> name.toLowerCase(Locale.ROOT).contains(wanted))
                .collect(Collectors.toSet());
        Collection<TopicDescription> topics = describeTopics(admin, names).values();
        Map<TopicPartition, PartitionDetail> partitions = partitions(admin, topics);
        return topics.stream()
                .sorted(Comparator.comparing(TopicDescription::name))
                .map(topic -> {
                    List<PartitionDetail> own = topic.partitions().stream()
                            .map(p -> partitions.get(new TopicPartition(topic.name(), p.partition()))).toList();
                    return new TopicSummary(topic.name(), topic.isInternal(), own.size(),
                            topic.partitions().isEmpty() ? 0 : topic.partitions().get(0).replicas().size(),
                            own.stream().mapToLong(PartitionDetail::records).sum(),
                            own.stream().mapToLong(PartitionDetail::sizeBytes).sum());
                })
                .toList();
    }

    /** One topic with its partitions and effective configs. */
    public TopicDetail describe(String name) {
        Admin admin = clients.admin();
        TopicDescription topic = describeTopics(admin, Set.of(name)).get(name);
        Map<TopicPartition, PartitionDetail> partitions = partitions(admin, List.of(topic));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config = KafkaCalls.await(admin.describeConfigs(List.of(resource)).values().get(resource),
                "reading the configs of topic " + name);
        List<TopicConfigEntry> configs = config.entries().stream()
                .sorted(Comparator.comparing(ConfigEntry::name))
                .map(entry -> new TopicConfigEntry(entry.name(), entry.isSensitive() ? "******" : String.valueOf(entry.value()),
                        entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG ? "topic" : "default",
                        entry.isReadOnly()))
                .toList();
        return new TopicDetail(name, String.valueOf(topic.topicId()), topic.isInternal(),
                topic.partitions().stream()
                        .map(p -> partitions.get(new TopicPartition(name, p.partition())))
                        .sorted(Comparator.comparingInt(PartitionDetail::partition))
                        .toList(),
                configs);
    }

    /** The partition count of each of the named topics. */
    public Map<String, Integer> partitionCounts(Collection<String> names) {
        Map<String, Integer> counts = new HashMap<>();
        describeTopics(clients.admin(), names).forEach((name, topic) -> counts.put(name, topic.partitions().size()));
        return counts;
    }

    /** Creates a topic; the request is validated first. */
    public void create(NewTopic topic) {
        topic.validate();
        org.apache.kafka.clients.admin.NewTopic request = new org.apache.kafka.clients.admin.NewTopic(topic.name(),
                topic.partitions().isPresent() ? Optional.of(topic.partitions().getAsInt()) : Optional.empty(),
                topic.replicationFactor().isPresent()
                        ? Optional.of((short) topic.replicationFactor().getAsInt()) : Optional.empty())
                .configs(topic.configs());
        KafkaCalls.await(clients.admin().createTopics(List.of(request)).all(), "creating topic " + topic.name());
    }

    /** Deletes a topic and all its records; internal topics ({@code __consumer_offsets}) are refused. */
    public void delete(String name) {
        if (describeTopics(clients.admin(), Set.of(name)).get(name).isInternal()) {
            throw ConsoleRequestException.invalid("topic " + name + " is internal: the node needs it");
        }
        KafkaCalls.await(clients.admin().deleteTopics(List.of(name)).all(), "deleting topic " + name);
    }

    /**
     * Changes topic configs: a present value sets the config, an empty one removes the topic's
     * override (back to the default).
     */
    public void alterConfigs(String name, Map<String, Optional<String>> changes) {
        if (changes.isEmpty()) {
            throw ConsoleRequestException.invalid("no config to change for topic " + name);
        }
        List<AlterConfigOp> ops = new ArrayList<>();
        changes.forEach((key, value) -> {
            if (key.isBlank()) {
                throw ConsoleRequestException.invalid("a config name must not be blank");
            }
            ops.add(value.isPresent()
                    ? new AlterConfigOp(new ConfigEntry(key, value.get()), AlterConfigOp.OpType.SET)
                    : new AlterConfigOp(new ConfigEntry(key, null), AlterConfigOp.OpType.DELETE));
        });
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        KafkaCalls.await(clients.admin().incrementalAlterConfigs(Map.of(resource, ops)).all(),
                "changing the configs of topic " + name);
    }

    /** Grows a topic to {@code total} partitions. */
    public void addPartitions(String name, int total) {
        if (total < 1 || total > NewTopic.MAX_PARTITIONS) {
            throw ConsoleRequestException.invalid("partitions must be 1 to " + NewTopic.MAX_PARTITIONS + ", not " + total);
        }
        KafkaCalls.await(clients.admin().createPartitions(Map.of(name, NewPartitions.increaseTo(total))).all(),
                "growing topic " + name + " to " + total + " partitions");
    }

    private static Map<String, TopicDescription> describeTopics(Admin admin, Collection<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        return KafkaCalls.await(admin.describeTopics(names).allTopicNames(),
                names.size() == 1 ? "describing topic " + names.iterator().next() : "describing topics");
    }

    /** Offsets, sizes and replicas of every partition of {@code topics}. */
    private static Map<TopicPartition, PartitionDetail> partitions(Admin admin, Collection<TopicDescription> topics) {
        List<TopicPartition> all = topics.stream()
                .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                .toList();
        Map<TopicPartition, Long> starts = OffsetLookup.earliest(admin, all);
        Map<TopicPartition, Long> ends = OffsetLookup.latest(admin, all);
        Map<Integer, Map<TopicPartition, ReplicaInfo>> replicas = replicaInfos(admin, topics);
        Map<TopicPartition, PartitionDetail> details = new HashMap<>();
        for (TopicDescription topic : topics) {
            for (TopicPartitionInfo info : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), info.partition());
                int leader = info.leader() == null || info.leader().isEmpty() ? -1 : info.leader().id();
                long highWatermark = ends.getOrDefault(tp, 0L);
                Optional<ReplicaInfo> stored = Optional.ofNullable(replicas.getOrDefault(leader, Map.of()).get(tp));
                details.put(tp, new PartitionDetail(info.partition(), leader, ids(info.replicas()), ids(info.isr()),
                        starts.getOrDefault(tp, 0L), highWatermark + stored.map(ReplicaInfo::offsetLag).orElse(0L),
                        highWatermark, stored.map(ReplicaInfo::size).orElse(0L)));
            }
        }
        return details;
    }

    /** What each leader broker stores for the partitions of {@code topics}, by broker id. */
    private static Map<Integer, Map<TopicPartition, ReplicaInfo>> replicaInfos(Admin admin,
                                                                             Collection<TopicDescription> topics) {
        List<Integer> leaders = topics.stream().flatMap(t -> t.partitions().stream())
                .map(TopicPartitionInfo::leader).filter(node -> node != null && !node.isEmpty())
                .map(Node::id).distinct().toList();
        if (leaders.isEmpty()) {
            return Map.of();
        }
        Map<Integer, Map<String, LogDirDescription>> dirs = KafkaCalls.await(
                admin.describeLogDirs(leaders).allDescriptions(), "reading partition sizes");
        Map<Integer, Map<TopicPartition, ReplicaInfo>> byBroker = new HashMap<>();
        dirs.forEach((broker, brokerDirs) -> {
            Map<TopicPartition, ReplicaInfo> infos = new HashMap<>();
            brokerDirs.values().forEach(dir -> dir.replicaInfos().forEach((tp, info) -> {
                if (!info.isFuture()) {
                    infos.merge(tp, info, (a, b) -> a);
                }
            }));
            byBroker.put(broker, infos);
        });
        return byBroker;
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }
}
