package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.Time;
import io.chronik.spi.wal.WalException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OffsetCommit is answered only once its record in {@code __consumer_offsets} is durable. */
@Timeout(30)
class GroupDurabilityIT {

    private static final short COMMIT_V = 9;
    private static final short FETCH_V = 9;

    private final GatedWal wal = new GatedWal();
    private KafkaBroker broker;
    private RawKafkaClient client;

    @BeforeEach
    void start() throws Exception {
        broker = new KafkaBroker(BrokerSettings.singleNode(1, "durability", "127.0.0.1", 0)
                .withGroups(GroupTesting.FAST_GROUPS), wal, Time.SYSTEM, new SimpleMeterRegistry());
        broker.start();
        client = new RawKafkaClient(broker.port());
        CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
        topics.add(new CreateTopicsRequestData.CreatableTopic().setName("t").setNumPartitions(1)
                .setReplicationFactor((short) 1));
        client.call(ApiKeys.CREATE_TOPICS, ApiKeys.CREATE_TOPICS.latestVersion(),
                new CreateTopicsRequestData().setTopics(topics));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        broker.close();
        wal.close();
    }

    private static OffsetCommitRequestData commit(long offset) {
        return new OffsetCommitRequestData().setGroupId("durable-group").setTopics(List.of(
                new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("t").setPartitions(List.of(
                        new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0)
                                .setCommittedOffset(offset)))));
    }

    private long committed() throws Exception {
        try (RawKafkaClient other = new RawKafkaClient(broker.port())) {
            OffsetFetchResponseData response = (OffsetFetchResponseData) other.call(ApiKeys.OFFSET_FETCH, FETCH_V,
                    new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                            .setGroupId("durable-group").setTopics(List.of(
                                    new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("t")
                                            .setPartitionIndexes(List.of(0)))))));
            return response.groups().get(0).topics().get(0).partitions().get(0).committedOffset();
        }
    }

    private static short error(OffsetCommitResponseData response) {
        return response.topics().get(0).partitions().get(0).errorCode();
    }

    @Test
    void aCommitIsAnsweredAndVisibleOnlyAfterTheWalMadeItDurable() throws Exception {
        client.send(ApiKeys.OFFSET_COMMIT, COMMIT_V, commit(17));

        Socket socket = client.socket();
        socket.setSoTimeout(500);
        assertThatThrownBy(() -> client.receive(ApiKeys.OFFSET_COMMIT, COMMIT_V))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(committed()).isEqualTo(-1);

        wal.gate.complete(null);
        socket.setSoTimeout(10_000);

        assertThat(error((OffsetCommitResponseData) client.receive(ApiKeys.OFFSET_COMMIT, COMMIT_V).body()))
                .isEqualTo(Errors.NONE.code());
        assertThat(committed()).isEqualTo(17);
    }

    @Test
    void aFailedWalAppendFailsTheCommitWithARetriableError() throws Exception {
        wal.gate.completeExceptionally(new WalException("disk on fire"));

        OffsetCommitResponseData response = (OffsetCommitResponseData) client.call(ApiKeys.OFFSET_COMMIT, COMMIT_V,
                commit(5));

        assertThat(error(response)).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(committed()).isEqualTo(-1);
    }
}
