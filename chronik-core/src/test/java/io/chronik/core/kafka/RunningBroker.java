package io.chronik.core.kafka;

import io.chronik.core.network.RequestDispatcher;
import io.chronik.spi.Time;
import io.chronik.spi.wal.Wal;
import io.chronik.testkit.wal.MemoryWal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real {@link KafkaBroker} on 127.0.0.1 and a free port over a {@link MemoryWal}, plus factories
 * for real Apache Kafka clients pointed at it. Closing it closes the broker and the WAL; a new one
 * over the same {@link MemoryWal.Storage} is a restart.
 */
final class RunningBroker implements AutoCloseable {

    static final String CLUSTER_ID = "test-cluster";

    final MemoryWal.Storage storage;
    final KafkaBroker broker;
    private final Wal wal;

    RunningBroker(MemoryWal.Storage storage, UnaryOperator<BrokerSettings> customize) {
        this(storage, customize, UnaryOperator.identity());
    }

    /** @param dispatcherFilter wraps the broker's request dispatcher (network fault seam) */
    RunningBroker(MemoryWal.Storage storage, UnaryOperator<BrokerSettings> customize,
                  UnaryOperator<RequestDispatcher> dispatcherFilter) {
        this(storage, new MemoryWal(storage, 8 * 1024 * 1024), customize, dispatcherFilter);
    }

    /** @param wal the broker's WAL, over {@code storage} */
    RunningBroker(MemoryWal.Storage storage, Wal wal, UnaryOperator<BrokerSettings> customize,
                  UnaryOperator<RequestDispatcher> dispatcherFilter) {
        this.storage = storage;
        this.wal = wal;
        BrokerSettings settings = customize.apply(BrokerSettings.singleNode(1, CLUSTER_ID, "127.0.0.1", 0));
        this.broker = new KafkaBroker(settings, wal, Time.SYSTEM, new SimpleMeterRegistry(), dispatcherFilter);
        broker.start();
    }

    static RunningBroker start() {
        return new RunningBroker(new MemoryWal.Storage(), s -> s);
    }

    String bootstrap() {
        return "127.0.0.1:" + broker.port();
    }

    Admin admin() {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
    }

    /** A producer with the client defaults (idempotence on) and {@code acks=all}. */
    KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.putAll(overrides);
        return new KafkaProducer<>(config);
    }

    /** A consumer without a group (use {@code assign()}), reading from the earliest offset. */
    KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.putAll(overrides);
        return new KafkaConsumer<>(config);
    }

    @Override
    public void close() {
        broker.close();
        wal.close();
    }
}
