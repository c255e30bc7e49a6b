package io.chronik.core.kafka;

import io.chronik.core.group.GroupSettings;
import io.chronik.testkit.wal.MemoryWal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A broker with fast group timings, and consumers that are group members, for the group ITs. */
final class GroupTesting {

    /** 8 offsets partitions, 100 ms initial rebalance delay, session timeouts from 300 ms. */
    static final GroupSettings FAST_GROUPS = new GroupSettings(8, 100, 300, 60_000);

    private GroupTesting() {
    }

    static RunningBroker start(MemoryWal.Storage storage) {
        return new RunningBroker(storage, s -> s.withGroups(FAST_GROUPS));
    }

    /** A group member with a 2 s session, 200 ms heartbeats and a 10 s rebalance timeout. */
    static KafkaConsumer<byte[], byte[]> member(RunningBroker broker, String groupId, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 2_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 200);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        config.putAll(overrides);
        return broker.consumer(config);
    }

    static void createTopic(RunningBroker broker, String name, int partitions) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /** Sends {@code count} records with values {@code prefix-i}, spread over the partitions by key. */
    static void produce(RunningBroker broker, String topic, String prefix, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, (prefix + "-key-" + i).getBytes(),
                        (prefix + "-" + i).getBytes()));
            }
            producer.flush();
        }
    }
}
