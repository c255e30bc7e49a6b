package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chronik.core.group.OffsetsTopic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replica reassignment with the Kafka AdminClient on three real nodes in one JVM: partition 0 of a
 * topic of replication factor 2 moves from {removed, kept} to {kept, added} while an acks=all producer
 * keeps writing. The added node is down when the reassignment starts, so it is listed in progress
 * (adding the added node, removing the removed one) until that node starts, catches up and joins the
 * ISR; then the reassignment completes on its own: the kept node leads, the removed node has deleted
 * its copy, every acknowledged record is read back and every node holds the same metadata. A
 * {@code __consumer_offsets} partition moves the same way, and its group's coordinator with it.
 */
@Timeout(180)
class PartitionReassignmentIT {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionReassignmentIT.class);
    private static final String TOPIC = "moving";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @RegisterExtension
    final InProcessClusterExtension clusters = new InProcessClusterExtension();

    private InProcessCluster cluster;
    private final ExecutorService producing = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        producing.shutdownNow();
    }

    @Test
    void movesAPartitionWhileProducingWithoutLosingAnAcknowledgedRecord() throws Exception {
        cluster = clusters.create(3, "broker.session.timeout.ms=2000");
        cluster.startAll();
        int removed = cluster.awaitOneLeader(); // the metadata leader stays up throughout
        List<Integer> others = cluster.ids().stream().filter(id -> id != removed).sorted().toList();
        int kept = others.get(0);
        int added = others.get(1);
        Admin admin = cluster.admin(kept);
        cluster.awaitBrokers(admin);
        admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(removed, kept))))).all()
                .get(30, TimeUnit.SECONDS);
        cluster.stop(added);

        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean keepProducing = new AtomicBoolean(true);
        try (KafkaProducer<String, String> producer = ReplicatedPartitionClients.producer(cluster.bootstrap())) {
            Future<?> producer1 = producing.submit(() -> {
                for (int round = 0; keepProducing.get(); round++) {
                    ReplicatedPartitionClients.produce(producer, TOPIC, "r" + round, 50, acknowledged);
                }
                return null;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 500);

            admin.alterPartitionReassignments(Map.of(PARTITION,
                    Optional.of(new NewPartitionReassignment(List.of(kept, added))))).all().get(30, TimeUnit.SECONDS);

            PartitionReassignment inProgress = admin.listPartitionReassignments().reassignments()
                    .get(10, TimeUnit.SECONDS).get(PARTITION);
            assertThat(inProgress).as("listed while the added node is down").isNotNull();
            assertThat(inProgress.replicas()).containsExactly(kept, added, removed);
            assertThat(inProgress.addingReplicas()).containsExactly(added);
            assertThat(inProgress.removingReplicas()).containsExactly(removed);
            assertThat(replicas(describe(admin))).containsExactly(kept, added, removed);
            int before = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= before + 500);

            long restarted = System.nanoTime();
            cluster.start(added);
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.listPartitionReassignments().reassignments()
                    .get(10, TimeUnit.SECONDS).isEmpty());
            LOG.info("reassignment of {} completed {} ms after node {} started", PARTITION,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted), added);
            int completed = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= completed + 500);
            keepProducing.set(false);
            producer1.get(90, TimeUnit.SECONDS);
        }

        TopicDescription moved = describe(admin);
        assertThat(replicas(moved)).containsExactly(kept, added);
        assertThat(moved.partitions().get(0).leader().id()).as("the removed leader handed over").isEqualTo(kept);
        assertThat(moved.partitions().get(0).isr()).extracting(Node::id).containsExactlyInAnyOrder(kept, added);

        Map<Long, String> stored = ReplicatedPartitionClients.readAll("127.0.0.1:" + cluster.node(kept).kafkaPort(),
                TOPIC);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(1500);
        acknowledged.forEach((offset, value) -> assertThat(stored.get(offset))
                .as("acknowledged record at offset %d", offset).isEqualTo(value));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(hostedPartitions(admin, removed)).as("the removed node deleted its log").doesNotContain(PARTITION);
            assertThat(hostedPartitions(admin, added)).contains(PARTITION);
        });
        cluster.awaitSameDigest();
    }

    @Test
    void aCancelledReassignmentRevertsAndASecondCancelIsRefused() throws Exception {
        cluster = clusters.create(3, "broker.session.timeout.ms=2000");
        cluster.startAll();
        int controller = cluster.awaitOneLeader();
        List<Integer> others = cluster.ids().stream().filter(id -> id != controller).sorted().toList();
        int added = others.get(1);
        Admin admin = cluster.admin(controller);
        cluster.awaitBrokers(admin);
        admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(controller, others.get(0)))))).all()
                .get(30, TimeUnit.SECONDS);
        cluster.awaitSameDigest(); // describe below may ask a node other than the controller
        cluster.stop(added);
        admin.alterPartitionReassignments(Map.of(PARTITION, Optional.of(new NewPartitionReassignment(
                List.of(added, controller))))).all().get(30, TimeUnit.SECONDS);
        assertThat(replicas(describe(admin))).containsExactly(added, controller, others.get(0));

        admin.alterPartitionReassignments(Map.of(PARTITION, Optional.empty())).all().get(30, TimeUnit.SECONDS);

        assertThat(admin.listPartitionReassignments().reassignments().get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(replicas(describe(admin))).containsExactly(controller, others.get(0));
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(PARTITION, Optional.empty())).all()
                .get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(NoReassignmentInProgressException.class);
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(PARTITION, Optional.of(
                new NewPartitionReassignment(List.of(controller, 42))))).all().get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(InvalidReplicaAssignmentException.class).hasMessageContaining("42");
        try (KafkaProducer<String, String> producer = ReplicatedPartitionClients.producer(cluster.bootstrap())) {
            Map<Long, String> acknowledged = new ConcurrentHashMap<>();
            ReplicatedPartitionClients.produce(producer, TOPIC, "after-cancel", 10, acknowledged);
            assertThat(acknowledged).hasSize(10);
        }
    }

    @Test
    void movesAConsumerOffsetsPartitionAndTheGroupsOffsetsMoveWithItsCoordinator() throws Exception {
        cluster = clusters.create(3, "broker.session.timeout.ms=2000");
        cluster.startAll();
        cluster.awaitOneLeader();
        Admin admin = cluster.admin(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names().get(10, TimeUnit.SECONDS).contains(OffsetsTopic.NAME));
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        String group = "movers";
        TopicPartition offsets = new TopicPartition(OffsetsTopic.NAME, Utils.abs(group.hashCode()) % 3);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                admin.alterConsumerGroupOffsets(group, Map.of(PARTITION, new OffsetAndMetadata(7))).all()
                        .get(10, TimeUnit.SECONDS));
        int coordinator = leader(admin, offsets);
        List<Integer> target = cluster.ids().stream().filter(id -> id != coordinator).sorted().toList();

        admin.alterPartitionReassignments(Map.of(offsets, Optional.of(new NewPartitionReassignment(target)))).all()
                .get(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(admin.listPartitionReassignments().reassignments().get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(leader(admin, offsets)).as("the coordinator moved off the removed replica")
                    .isEqualTo(target.get(0));
        });
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS))
                .containsEntry(PARTITION, new OffsetAndMetadata(7)));
        admin.alterConsumerGroupOffsets(group, Map.of(PARTITION, new OffsetAndMetadata(9))).all()
                .get(30, TimeUnit.SECONDS);
        assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS))
                .containsEntry(PARTITION, new OffsetAndMetadata(9));
        assertThat(hostedPartitions(admin, coordinator)).doesNotContain(offsets);
        cluster.awaitSameDigest();
    }

    private static int leader(Admin admin, TopicPartition partition) throws Exception {
        return ReplicatedPartitionClients.describe(admin, partition.topic()).partitions().get(partition.partition())
                .leader().id();
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return ReplicatedPartitionClients.describe(admin, TOPIC);
    }

    private static List<Integer> replicas(TopicDescription description) {
        return description.partitions().get(0).replicas().stream().map(Node::id).toList();
    }

    /** The partitions node {@code nodeId} reports in DescribeLogDirs. */
    private static List<TopicPartition> hostedPartitions(Admin admin, int nodeId) throws Exception {
        Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(nodeId)).allDescriptions()
                .get(10, TimeUnit.SECONDS).get(nodeId);
        return dirs.values().stream().flatMap(d -> d.replicaInfos().keySet().stream()).toList();
    }
}
