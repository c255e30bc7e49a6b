package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/chronik run} with the built-in plugins, as an admin runs it. Needs the real WAL, transport
 * and forwarder modules in the build.
 */
@Timeout(180)
class RunIT {

    /** Every listener on a free port, so these tests can run beside anything else on the machine. */
    private static final String[] FREE_PORTS = {"--set", "kafka.listener=127.0.0.1:0",
            "--set", "replication.listener=127.0.0.1:0", "--set", "forwarding.listener=127.0.0.1:0",
            "--set", "console.listener=127.0.0.1:0"};

    private final Distribution dist = Distribution.built();

    @TempDir
    Path work;

    private String[] run(String... more) {
        String[] args = new String[1 + FREE_PORTS.length + more.length];
        args[0] = "run";
        System.arraycopy(FREE_PORTS, 0, args, 1, FREE_PORTS.length);
        System.arraycopy(more, 0, args, 1 + FREE_PORTS.length, more.length);
        return args;
    }

    @Test
    void zeroConfigStartsInTheWorkingDirectoryAndStopsOnSigterm() throws IOException {
        String clusterId;
        try (Distribution.ChronikProcess node = dist.start(work, Map.of(), "run")) {
            node.awaitStdout("started;");

            clusterId = storedClusterId();
            assertThat(clusterId).matches("[A-Za-z0-9_-]{22}");
            assertThat(node.stdout()).contains("node 1 of cluster " + clusterId + " started")
                    .contains("replication 127.0.0.1:9093").contains("forwarding 127.0.0.1:9094")
                    .contains("wal provider: disruptor").contains("replication provider: tcp")
                    .contains("forwarding provider: tcp");
            assertThat(work.resolve("data/wal")).isDirectory();

            assertThat(node.terminate()).isEqualTo(143);
            assertThat(node.stdout()).contains("node 1 stopped");
        }
        try (Distribution.ChronikProcess again = dist.start(work, Map.of(), run())) {
            again.awaitStdout("started;");
            assertThat(again.stdout()).as("the cluster id is generated once and kept")
                    .contains("node 1 of cluster " + clusterId + " started");
            assertThat(again.terminate()).isEqualTo(143);
        }
        assertThat(dist.home().resolve("logs/chronik.log")).content()
                .contains("node 1 of cluster " + clusterId + " started");
    }

    @Test
    void theEnvironmentSetsTheNodeId() {
        try (Distribution.ChronikProcess node = dist.start(work, Map.of("CHRONIK_NODE_ID", "7"), run())) {
            node.awaitStdout("started;");

            assertThat(node.stdout()).contains("node 7 of cluster ");
            assertThat(node.terminate()).isEqualTo(143);
        }
    }

    @Test
    void aSecondNodeCannotUseTheSameDataDirectory() {
        try (Distribution.ChronikProcess first = dist.start(work, Map.of(), run())) {
            first.awaitStdout("started;");

            Distribution.Result second = dist.run(work, Map.of(), run());

            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.stderr()).contains("data directory " + work.resolve("data").toAbsolutePath())
                    .contains("is in use by another Chronik node");
            assertThat(first.process().isAlive()).isTrue();
            assertThat(first.terminate()).isEqualTo(143);
        }
    }

    private String storedClusterId() throws IOException {
        Properties meta = new Properties();
        try (Reader reader = Files.newBufferedReader(work.resolve("data/meta.properties"))) {
            meta.load(reader);
        }
        return meta.getProperty("cluster.id");
    }
}
