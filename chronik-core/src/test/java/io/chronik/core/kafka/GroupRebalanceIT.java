package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.testkit.wal.MemoryWal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three consumers of one group over six partitions, joining, leaving and one vanishing without a
 * LeaveGroup (its session times out), with the eager range assignor and the two-round cooperative
 * sticky assignor. Every batch is committed synchronously; the ledger checks that every record is
 * processed and that no record is processed again once its offset was committed.
 */
@Timeout(180)
class GroupRebalanceIT {

    private static final String GROUP = "workers";
    private static final int PARTITIONS = 6;
    private static final int PER_PHASE = 300;

    private final RunningBroker broker = GroupTesting.start(new MemoryWal.Storage());
    private final List<Worker> workers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Worker worker : workers) {
            worker.stop(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        }
        broker.close();
    }

    /** What every worker did, checked as it happens. */
    private static final class Ledger {
        private final Map<TopicPartition, Long> committed = new HashMap<>();
        private final Map<TopicPartition, Map<Long, Integer>> processed = new HashMap<>();
        private final List<String> violations = new ArrayList<>();

        synchronized void processed(String worker, TopicPartition tp, long offset) {
            long safe = committed.getOrDefault(tp, 0L);
            if (offset < safe) {
                violations.add(worker + " processed " + tp + "@" + offset + " after offset " + safe + " was committed");
            }
            processed.computeIfAbsent(tp, p -> new HashMap<>()).merge(offset, 1, Integer::sum);
        }

        synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
            offsets.forEach((tp, o) -> committed.merge(tp, o.offset(), Math::max));
        }

        synchronized int distinct() {
            return processed.values().stream().mapToInt(Map::size).sum();
        }

        synchronized Map<TopicPartition, Long> committed() {
            return new HashMap<>(committed);
        }

        synchronized Map<TopicPartition, Integer> distinctPerPartition() {
            Map<TopicPartition, Integer> counts = new HashMap<>();
            processed.forEach((tp, offsets) -> counts.put(tp, offsets.size()));
            return counts;
        }

        synchronized List<String> violations() {
            return List.copyOf(violations);
        }
    }

    /** One group member polling, processing and committing on its own thread. */
    private final class Worker {
        private final String name;
        private final String topic;
        private final Map<String, Object> config;
        private final Ledger ledger;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile int assigned;
        private volatile CloseOptions.GroupMembershipOperation onClose = CloseOptions.GroupMembershipOperation.LEAVE_GROUP;

        Worker(String name, String topic, Map<String, Object> config, Ledger ledger) {
            this.name = name;
            this.topic = topic;
            this.config = config;
            this.ledger = ledger;
            this.thread = new Thread(this::run, "worker-" + name);
            thread.start();
        }

        private void run() {
            KafkaConsumer<byte[], byte[]> consumer = GroupTesting.member(broker, GROUP, config);
            try {
                consumer.subscribe(List.of(topic));
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    assigned = consumer.assignment().size();
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        ledger.processed(name, tp, r.offset());
                        offsets.put(tp, new OffsetAndMetadata(r.offset() + 1));
                    }
                    if (!offsets.isEmpty()) {
                        try {
                            consumer.commitSync(offsets);
                            ledger.committed(offsets);
                        } catch (CommitFailedException | RebalanceInProgressException e) {
                            // not committed: whoever owns the partitions next may process them again
                        }
                    }
                }
            } finally {
                consumer.close(CloseOptions.groupMembershipOperation(onClose));
            }
        }

        void stop(CloseOptions.GroupMembershipOperation operation) throws InterruptedException {
            onClose = operation;
            running = false;
            thread.join(30_000);
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {RangeAssignor.class, CooperativeStickyAssignor.class})
    void membersJoinLeaveAndTimeOutWithoutLossOrReprocessingOfCommittedRecords(Class<?> assignor) throws Exception {
        String topic = "work-" + assignor.getSimpleName();
        GroupTesting.createTopic(broker, topic, PARTITIONS);
        Ledger ledger = new Ledger();
        Map<String, Object> config = Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor.getName());

        Worker a = worker("a", topic, config, ledger);
        Worker b = worker("b", topic, config, ledger);
        produceAndAwait(topic, ledger, 1);

        Worker c = worker("c", topic, config, ledger);
        await().atMost(Duration.ofSeconds(60)).until(() -> c.assigned > 0 && a.assigned > 0 && b.assigned > 0
                && a.assigned + b.assigned + c.assigned == PARTITIONS);
        produceAndAwait(topic, ledger, 2);

        b.stop(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        produceAndAwait(topic, ledger, 3);

        c.stop(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
        produceAndAwait(topic, ledger, 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.assigned == PARTITIONS);

        Map<TopicPartition, Long> ends = endOffsets(topic);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.committed().equals(ends));
        a.stop(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);

        assertThat(ledger.violations()).isEmpty();
        assertThat(ledger.distinct()).isEqualTo(4 * PER_PHASE);
        Map<TopicPartition, Integer> expected = new HashMap<>();
        ends.forEach((tp, end) -> expected.put(tp, end.intValue()));
        assertThat(ledger.distinctPerPartition()).isEqualTo(expected);
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> stored = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            ends.forEach((tp, end) -> assertThat(stored.get(tp).offset()).isEqualTo(end));
        }
    }

    private Worker worker(String name, String topic, Map<String, Object> config, Ledger ledger) {
        Worker worker = new Worker(name, topic, config, ledger);
        workers.add(worker);
        return worker;
    }

    private void produceAndAwait(String topic, Ledger ledger, int phase) throws Exception {
        GroupTesting.produce(broker, topic, "phase" + phase, PER_PHASE);
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.distinct() >= phase * PER_PHASE);
    }

    private Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            ends.values().removeIf(end -> end == 0);
            return ends;
        }
    }
}
