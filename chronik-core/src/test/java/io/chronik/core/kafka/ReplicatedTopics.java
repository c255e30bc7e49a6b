package io.chronik.core.kafka;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the replicated-partition tests ask of the Kafka clients: an acks=all producer, a partition's ISR. */
final class ReplicatedTopics {

    private ReplicatedTopics() {
    }

    /** An acks=all producer of strings that keeps retrying through a leader change for a minute. */
    static KafkaProducer<String, String> acksAllProducer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** The in-sync replicas of partition 0 of {@code topic}. */
    static List<Integer> isr(Admin admin, String topic) throws Exception {
        return describe(admin, topic).partitions().get(0).isr().stream().map(Node::id).toList();
    }

    static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
    }
}
