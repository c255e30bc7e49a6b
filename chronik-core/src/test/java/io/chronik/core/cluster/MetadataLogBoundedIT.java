package io.chronik.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.core.kafka.KafkaTopicRules;
import io.chronik.core.metadata.MetadataCommand;
import io.chronik.core.metadata.TopicInfo;
import io.chronik.core.raft.FileQuorumStateStore;
import io.chronik.core.raft.FileSnapshotStore;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.Time;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.testkit.TestPluginContext;
import io.chronik.wal.disruptor.DisruptorWalProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata log's bytes stay bounded on the real segmented WAL while topics are created and
 * deleted over and over: snapshots let the WAL free whole 1 MiB segments, so the log holds about two
 * snapshot intervals plus the segment being written, however much was ever written; and the node
 * reopens from the newest snapshot with the same state.
 */
@Timeout(120)
class MetadataLogBoundedIT {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataLogBoundedIT.class);
    private static final int INTERVAL = 500;
    private static final int ROUNDS = 8_000;
    private static final String BIG_VALUE = "v".repeat(1_000);

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private Wal wal() {
        return new DisruptorWalProvider().create(new WalConfig(dir.resolve("wal"), new FlushPolicy.Batch(),
                WalConfig.MIN_SEGMENT_BYTES, 64 * 1024, PluginProperties.empty("wal.disruptor.")),
                new TestPluginContext());
    }

    private ClusterMetadata open(Wal wal) {
        ClusterMetadata metadata = new ClusterMetadata(ClusterMetadata.Settings.soleVoter(1), wal,
                log -> new FileQuorumStateStore(dir.resolve("quorum-state")),
                new ClusterMetadata.Snapshots(new FileSnapshotStore(dir.resolve("snapshots")), INTERVAL),
                new PeerRouter(meters), Optional.empty(), new KafkaTopicRules(), Time.SYSTEM, meters);
        metadata.start(applied -> { });
        await().atMost(Duration.ofSeconds(10)).until(metadata.quorum()::leaderReady);
        return metadata;
    }

    @Test
    void creatingAndDeletingTopicsForeverKeepsTheLogAtAFewSegments() throws Exception {
        String digest;
        long written = 0;
        try (Wal wal = wal(); ClusterMetadata metadata = open(wal)) {
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                Uuid id = Uuid.randomUuid();
                inFlight.add(metadata.quorum().propose(MetadataCommand.CreateTopic.of("churn-" + i, id,
                        List.of(List.of(1)), Map.of("description", BIG_VALUE))));
                inFlight.add(metadata.quorum().propose(new MetadataCommand.DeleteTopic(id)));
                written += BIG_VALUE.length();
                if (inFlight.size() >= 200) {
                    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                    inFlight.clear();
                }
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            metadata.quorum().propose(MetadataCommand.CreateTopic.of("kept", Uuid.randomUuid(), List.of(List.of(1)),
                    Map.of())).get(10, TimeUnit.SECONDS);
            long size = wal.open(MetadataQuorum.LOG_NAME).sizeInBytes();
            LOG.info("{} bytes of topic configs written in {} commands; the metadata log holds {} bytes from offset {}",
                    written, 2 * ROUNDS + 1, size, metadata.quorum().logStartOffset());
            assertThat(written).as("payload written").isGreaterThan(7L << 20);
            assertThat(size).as("the metadata log after %d bytes of commands", written).isLessThan(4L << 20);
            digest = metadata.state().digest();
        }

        try (Wal wal = wal(); ClusterMetadata reopened = open(wal)) {
            assertThat(reopened.quorum().logStartOffset()).isGreaterThan(2L * ROUNDS - 3L * INTERVAL);
            assertThat(reopened.state().digest()).isEqualTo(digest);
            assertThat(reopened.state().topics()).extracting(TopicInfo::name).containsExactly("kept");
        }
    }
}
