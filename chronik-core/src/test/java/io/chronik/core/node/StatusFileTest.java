package io.chronik.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chronik.api.ChronikException;
import io.chronik.api.ClusterView.QuorumRole;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class StatusFileTest {

    private static final NodeStatus.Listeners LISTENERS = new NodeStatus.Listeners("127.0.0.1:9092",
            "127.0.0.1:9093", "127.0.0.1:9094", "off");
    private static final NodeStatus FOLLOWER = new NodeStatus(4242, 2, "local-1", QuorumRole.PRE_CANDIDATE, 3,
            OptionalInt.empty(), LISTENERS);
    private static final ThreadFactory THREADS = runnable -> {
        Thread thread = new Thread(runnable, "status-test");
        thread.setDaemon(true);
        return thread;
    };

    @TempDir
    Path dir;

    @Test
    void writesEveryFieldAsPropertiesWhenStarted() throws IOException {
        try (StatusFile file = StatusFile.start(dir, () -> FOLLOWER, THREADS)) {
            assertThat(file.path()).isEqualTo(dir.resolve("node.status"));
            assertThat(read(file.path())).containsExactlyInAnyOrderEntriesOf(Map.of("pid", "4242", "node.id", "2",
                    "cluster.id", "local-1", "role", "pre-candidate", "term", "3", "metadata.leader", "none",
                    "kafka", "127.0.0.1:9092", "replication", "127.0.0.1:9093", "forwarding", "127.0.0.1:9094",
                    "console", "off"));
            assertThat(dir.resolve("node.status.tmp")).doesNotExist();
        }
    }

    @Test
    void rewritesTheFileWithinAnIntervalWhenTheRoleOrLeaderChanges() {
        AtomicReference<NodeStatus> status = new AtomicReference<>(FOLLOWER);
        try (StatusFile file = StatusFile.start(dir, status::get, THREADS)) {
            status.set(new NodeStatus(4242, 2, "local-1", QuorumRole.LEADER, 4, OptionalInt.of(2), LISTENERS));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(read(file.path()))
                    .containsEntry("role", "leader").containsEntry("term", "4").containsEntry("metadata.leader", "2"));
        }
    }

    @Test
    void closeDeletesTheFileAndStopsRefreshing() {
        AtomicReference<NodeStatus> status = new AtomicReference<>(FOLLOWER);
        StatusFile file = StatusFile.start(dir, status::get, THREADS);
        file.close();

        assertThat(file.path()).doesNotExist();
        status.set(new NodeStatus(4242, 2, "local-1", QuorumRole.FOLLOWER, 4, OptionalInt.of(1), LISTENERS));
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(file.path()).as("no refresh after close").doesNotExist());
    }

    @Test
    void aFailedRefreshIsRetriedAtTheNextInterval() throws IOException {
        AtomicReference<NodeStatus> status = new AtomicReference<>(FOLLOWER);
        try (StatusFile file = StatusFile.start(dir, status::get, THREADS)) {
            status.set(new NodeStatus(4242, 2, "local-1", QuorumRole.LEADER, 4, OptionalInt.of(2), LISTENERS));
            // A directory in the temp file's place makes the write fail until it is gone.
            Files.createDirectory(dir.resolve("node.status.tmp"));
            Files.writeString(dir.resolve("node.status.tmp").resolve("x"), "blocks");
            file.refresh();
            assertThat(read(file.path())).containsEntry("role", "pre-candidate");

            Files.delete(dir.resolve("node.status.tmp").resolve("x"));
            Files.delete(dir.resolve("node.status.tmp"));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(read(file.path())).containsEntry("role", "leader"));
        }
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenFailsTheStart() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> StatusFile.start(missing, () -> FOLLOWER, THREADS))
                .isInstanceOf(ChronikException.class).hasMessageContaining("cannot write " + missing.resolve("node.status"));
    }

    private static Map<String, String> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new TreeMap<>();
        properties.forEach((k, v) -> values.put((String) k, (String) v));
        return values;
    }
}
