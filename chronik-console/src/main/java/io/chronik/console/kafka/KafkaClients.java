package io.chronik.console.kafka;

import io.chronik.api.ChronikNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The console's Apache Kafka clients, all bootstrapped at the node's own Kafka listener
 * ({@link ChronikNode#kafkaBootstrap()}), so the console manages a cluster exactly as any Kafka tool
 * does: the clients find each partition's leader and each group's coordinator themselves.
 *
 * <p>One {@link Admin} and one producer are made on first use and shared (both are thread-safe);
 * consumers are made per message-browser read and closed right after, and never join a group. Every
 * client is sized small (the node runs in 512 MB with the console): the producer's buffer is
 * {@value #PRODUCER_BUFFER_BYTES} bytes, a consumer fetches at most {@value #CONSUMER_FETCH_BYTES}.
 *
 * <p>Thread-safe; {@link #close} closes whatever was made.
 */
public final class KafkaClients implements AutoCloseable {

    static final int PRODUCER_BUFFER_BYTES = 4 * 1024 * 1024;
    static final int CONSUMER_FETCH_BYTES = 2 * 1024 * 1024;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ChronikNode node;
    private final AtomicInteger consumers = new AtomicInteger();
    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;
    private boolean closed;

    public KafkaClients(ChronikNode node) {
        this.node = node;
    }

    /** The shared admin client. */
    synchronized Admin admin() {
        checkOpen();
        if (admin == null) {
            Map<String, Object> config = common("admin");
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KafkaCalls.TIMEOUT_MS);
            admin = Admin.create(config);
        }
        return admin;
    }

    /** The shared producer: acks=all, idempotent, so a produced message is durable when answered. */
    synchronized KafkaProducer<byte[], byte[]> producer() {
        checkOpen();
        if (producer == null) {
            Map<String, Object> config = common("producer");
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, PRODUCER_BUFFER_BYTES);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, KafkaCalls.TIMEOUT_MS);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) KafkaCalls.TIMEOUT_MS);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /**
     * A fresh consumer without a group (assign and seek only, no commits); the caller closes it.
     *
     * @param maxRecords the most records one poll returns
     */
    KafkaConsumer<byte[], byte[]> consumer(int maxRecords) {
        synchronized (this) {
            checkOpen();
        }
        Map<String, Object> config = common("browser-" + consumers.incrementAndGet());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxRecords);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, CONSUMER_FETCH_BYTES);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, CONSUMER_FETCH_BYTES);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> common(String role) {
        InetSocketAddress bootstrap = node.kafkaBootstrap();
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap.getHostString() + ":" + bootstrap.getPort());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "chronik-console-" + role);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) KafkaCalls.TIMEOUT_MS);
        // The console's meters come from the node; the clients' JMX reporter would only add MBeans and memory.
        config.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
        config.put(CommonClientConfigs.METADATA_MAX_AGE_CONFIG, 30_000);
        return config;
    }

    private void checkOpen() {
        if (closed) {
            throw new ConsoleRequestException(ConsoleRequestException.Kind.UNAVAILABLE, "the console is stopping");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            producer.close(CLOSE_TIMEOUT);
            producer = null;
        }
        if (admin != null) {
            admin.close(CLOSE_TIMEOUT);
            admin = null;
        }
    }
}
