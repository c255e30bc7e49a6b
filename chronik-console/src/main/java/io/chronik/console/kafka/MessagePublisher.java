package io.chronik.console.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Produces single messages typed into the console, each with its own short-lived producer (acks=all):
 * a call returns once the node has made the record durable. The topic must exist: the console never
 * creates a topic by producing to it.
 *
 * <p>Thread-safe.
 */
public final class MessagePublisher {

    /**
     * Where a produced record landed.
     *
     * @param partition its partition
     * @param offset    its offset
     * @param timestamp its timestamp, epoch milliseconds
     */
    public record Published(int partition, long offset, long timestamp) {
    }

    private final KafkaClients clients;
    private final TopicAdmin topics;

    public MessagePublisher(KafkaClients clients, TopicAdmin topics) {
        this.clients = clients;
        this.topics = topics;
    }

    /** Produces {@code message} to {@code topic} and waits for the node's acknowledgement. */
    public Published publish(String topic, OutgoingMessage message) {
        message.validate();
        topics.partitionCounts(List.of(topic)); // fails with NOT_FOUND rather than auto-creating the topic
        List<Header> headers = new ArrayList<>();
        message.headers().forEach((name, value) -> headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                message.partition().isPresent() ? message.partition().getAsInt() : null, null,
                message.key().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null),
                message.value().map(v -> v.getBytes(StandardCharsets.UTF_8)).orElse(null), headers);
        String what = "producing to " + topic;
        RecordMetadata metadata;
        try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
            metadata = KafkaCalls.await(producer.send(record), what);
        } catch (KafkaException e) {
            throw KafkaCalls.translate(e, what);
        }
        return new Published(metadata.partition(), metadata.offset(), metadata.timestamp());
    }
}
