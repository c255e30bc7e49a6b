package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Metadata snapshots on real nodes (disruptor WAL on disk, TCP transport) with a tiny snapshot
 * interval: a node that was stopped while the leader snapshotted and freed its log comes back below
 * the leader's log start, installs the leader's snapshot and ends with the same state; a node restarts
 * from its own snapshot plus the tail; the log stays bounded while topics come and go.
 */
@Timeout(180)
class MetadataSnapshotIT {

    private static final int INTERVAL = 10;

    @RegisterExtension
    final InProcessClusterExtension clusters = new InProcessClusterExtension();

    private InProcessCluster cluster;

    @Test
    void aNodeBelowTheLeadersLogStartInstallsItsSnapshot() throws Exception {
        int leader = startThreeNodes();
        int away = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        Admin admin = cluster.admin(leader);
        create(admin, IntStream.range(0, 5).mapToObj(i -> new NewTopic("before-" + i, 1, (short) 3)));
        cluster.awaitSameDigest();
        long awayEnd = cluster.node(away).cluster().metadataEndOffset();

        cluster.stop(away);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.brokerFenced(leader, away));
        create(admin, IntStream.range(0, 40).mapToObj(i -> new NewTopic("while-away-" + i, 1, (short) 1)));
        admin.deleteTopics(List.of("before-0", "before-1")).all().get(30, TimeUnit.SECONDS);
        await("the leader frees the entries the stopped node lacks").atMost(Duration.ofSeconds(30))
                .until(() -> cluster.node(leader).metadataLogStart() > awayEnd);

        cluster.start(away);
        cluster.awaitSameDigest();
        assertThat(cluster.node(away).metadataLogStart()).as("its log starts after the installed snapshot")
                .isGreaterThan(awayEnd);
        assertThat(snapshots(away)).as("only the installed snapshot, and the ones it took since").isNotEmpty()
                .hasSizeLessThanOrEqualTo(2);
        Set<String> topics = cluster.admin(away).listTopics().names().get(10, TimeUnit.SECONDS);
        assertThat(topics).contains("before-2", "while-away-0", "while-away-39")
                .doesNotContain("before-0", "before-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> !cluster.brokerFenced(leader, away));
        cluster.awaitSameDigest();
    }

    @Test
    void aNodeRestartsFromItsSnapshotPlusTheTailAndTheLogStaysBounded() throws Exception {
        int leader = startThreeNodes();
        Admin admin = cluster.admin(leader);
        for (int round = 0; round < 8; round++) {
            int r = round;
            create(admin, IntStream.range(0, 5).mapToObj(i -> new NewTopic("r" + r + "-" + i, 1, (short) 1)));
            admin.deleteTopics(IntStream.range(0, 5).mapToObj(i -> "r" + r + "-" + i).toList()).all()
                    .get(30, TimeUnit.SECONDS);
            cluster.awaitSameDigest();
            for (int id : cluster.ids()) {
                long start = cluster.node(id).metadataLogStart();
                long end = cluster.node(id).cluster().metadataEndOffset();
                assertThat(end - start).as("round %d, node %d: the log holds about two snapshot intervals", round, id)
                        .isLessThanOrEqualTo(3L * INTERVAL);
                assertThat(snapshots(id)).hasSizeLessThanOrEqualTo(2);
            }
        }
        create(admin, Stream.of(new NewTopic("kept", 2, (short) 3)));
        cluster.awaitSameDigest();

        int restarted = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        cluster.stop(restarted);
        cluster.start(restarted);
        assertThat(cluster.node(restarted).metadataLogStart()).as("restored from its own snapshot, no replay from 0")
                .isGreaterThan(0);
        cluster.awaitSameDigest();
        assertThat(cluster.admin(restarted).listTopics().names().get(10, TimeUnit.SECONDS)).contains("kept")
                .doesNotContain("r0-0", "r7-4");
    }

    /** Starts three nodes with the tiny snapshot interval; returns the metadata leader once all registered. */
    private int startThreeNodes() {
        cluster = clusters.create(3, "broker.session.timeout.ms=2000",
                "metadata.snapshot.interval.entries=" + INTERVAL);
        cluster.startAll();
        int leader = cluster.awaitOneLeader();
        Admin admin = cluster.admin(leader);
        cluster.awaitBrokers(admin);
        return leader;
    }

    private static void create(Admin admin, Stream<NewTopic> topics) throws Exception {
        admin.createTopics(topics.toList()).all().get(60, TimeUnit.SECONDS);
    }

    private List<Path> snapshots(int node) throws Exception {
        try (Stream<Path> files = Files.list(cluster.node(node).dataDirectory().resolve("metadata-snapshots"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".snapshot")).toList();
        }
    }
}
