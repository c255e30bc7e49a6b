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
 * <p>One {@link Admin} is made on first use and shared (it is thread-safe). Producers and consumers
 * are made per use and closed right after: a person produces one message or reads one page at a
 * time, and a long-lived producer would keep refreshing the metadata of every topic it once wrote to,
 * which re-creates a deleted topic on a node that auto-creates topics. Consumers never join a group
 * and never auto-create. Every client is sized small (the node runs in 512 MB with the console): a
 * producer's buffer is {@value #PRODUCER_BUFFER_BYTES} bytes, a consumer fetches at most
 * {@value #CONSUMER_FETCH_BYTES}.
 *
 * <p>Thread-safe; {@link #close} closes whatever was made.
 */
public final class KafkaClients implements AutoCloseable {

    static final int PRODUCER_BUFFER_BYTES = 4 * 1024 * 1024;
    static final int CONSUMER_FETCH_BYTES = 2 * 1024 * 1024;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ChronikNode node;
    private final AtomicInteger consumers = new AtomicInteger();
    private final AtomicInteger producers = new AtomicInteger();
    private Admin admin;
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

    /**
     * A fresh producer (acks=all, idempotent: a produced message is durable when answered); the caller
     * closes it.
     */
    KafkaProducer<byte[], byte[]> producer() {
        synchronized (this) {
            checkOpen();
        }
        Map<String, Object> config = common("producer-" + producers.incrementAndGet());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, PRODUCER_BUFFER_BYTES);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, KafkaCalls.TIMEOUT_MS);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) KafkaCalls.TIMEOUT_MS);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
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
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
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
        if (admin != null) {
            admin.close(CLOSE_TIMEOUT);
            admin = null;
        }
    }
}
