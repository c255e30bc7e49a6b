package io.chronik.core.cluster;

import static org.awaitility.Awaitility.await;

import io.chronik.core.kafka.KafkaTopicRules;
import io.chronik.core.metadata.MetadataCommand;
import io.chronik.spi.Time;
import io.chronik.spi.wal.Wal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Writes metadata commands straight into a WAL's metadata log, past the controller's validation. */
public final class SoleVoterWrites {

    private SoleVoterWrites() {
    }

    /** Opens a quorum of one over {@code wal}, commits {@code commands} in order, and closes it again. */
    public static void commit(Wal wal, int nodeId, MetadataCommand... commands) throws Exception {
        try (ClusterMetadata metadata = new ClusterMetadata(ClusterMetadata.Settings.soleVoter(nodeId), wal,
                SoleVoterStateStore::new, new PeerRouter(new SimpleMeterRegistry()), Optional.empty(),
                new KafkaTopicRules(), Time.SYSTEM, new SimpleMeterRegistry())) {
            metadata.start(applied -> { });
            await().atMost(Duration.ofSeconds(10)).until(metadata.quorum()::leaderReady);
            for (MetadataCommand command : commands) {
                metadata.quorum().propose(command).get(10, TimeUnit.SECONDS);
            }
        }
    }
}
