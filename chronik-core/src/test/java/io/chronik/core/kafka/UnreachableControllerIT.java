package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests that wait for the controller do not hold the request-handler threads: on a node that has
 * lost its metadata quorum, more CreateTopics requests than there are handler threads (each on its own
 * connection, each waiting for a controller that cannot commit) leave produce to a partition the node
 * leads working. The produce is acknowledged before any of the CreateTopics is answered; once the quorum
 * is back every CreateTopics gets an answer on its connection.
 */
@Timeout(180)
class UnreachableControllerIT {

    private static final String TOPIC = "served";
    /** More than the default 4 request-handler threads. */
    private static final int CREATE_REQUESTS = 6;

    @RegisterExtension
    final InProcessClusterExtension clusters = new InProcessClusterExtension();

    @Test
    void produceIsServedWhileCreateTopicsWaitForAQuorum() throws Exception {
        InProcessCluster cluster = clusters.create(3);
        cluster.startAll();
        cluster.awaitOneLeader();
        Admin admin = cluster.admin(1);
        cluster.awaitBrokers(admin);
        admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(1))))).all().get(30, TimeUnit.SECONDS);
        cluster.awaitSameDigest();
        cluster.stop(2);
        cluster.stop(3);

        List<RawKafkaClient> creators = new ArrayList<>();
        try {
            for (int i = 0; i < CREATE_REQUESTS; i++) {
                RawKafkaClient creator = new RawKafkaClient(cluster.node(1).kafkaPort());
                creators.add(creator);
                creator.socket().setSoTimeout(120_000);
                creator.send(ApiKeys.CREATE_TOPICS, ApiKeys.CREATE_TOPICS.latestVersion(), createTopic("waiting-" + i));
            }

            try (KafkaProducer<String, String> producer = producer(cluster.node(1).kafkaPort())) {
                RecordMetadata written = producer.send(new ProducerRecord<>(TOPIC, "k", "while the controller is away"))
                        .get(60, TimeUnit.SECONDS);
                assertThat(written.offset()).isZero();
            }
            for (RawKafkaClient creator : creators) {
                assertThat(creator.socket().getInputStream().available())
                        .as("bytes of a CreateTopics answer that arrived before the produce was acknowledged")
                        .isZero();
            }

            cluster.start(2);
            cluster.start(3);
            for (RawKafkaClient creator : creators) {
                CreateTopicsResponseData answer = (CreateTopicsResponseData) creator.receive(ApiKeys.CREATE_TOPICS,
                        ApiKeys.CREATE_TOPICS.latestVersion()).body();
                assertThat(Errors.forCode(answer.topics().iterator().next().errorCode()))
                        .as("a CreateTopics answered after the quorum came back")
                        .isIn(Errors.NONE, Errors.NOT_CONTROLLER);
            }
        } finally {
            for (RawKafkaClient creator : creators) {
                creator.close();
            }
        }
    }

    private static CreateTopicsRequestData createTopic(String name) {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(60_000);
        request.topics().add(new CreatableTopic().setName(name).setNumPartitions(1).setReplicationFactor((short) 1));
        return request;
    }

    /** acks=1 without idempotence, so the producer needs no producer id (a metadata write) either. */
    private static KafkaProducer<String, String> producer(int port) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
