package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/chronik start}, {@code status} and {@code stop}: a background node managed by pid file. */
@Timeout(120)
class LifecycleIT {

    @TempDir
    static Path scratch;

    static Distribution dist;

    @TempDir
    Path work;

    @BeforeAll
    static void install() throws IOException {
        dist = TestPluginDistribution.create(scratch);
    }

    @AfterEach
    void stopWhatATestLeftRunning() {
        dist.run(work, Map.of(), "stop");
    }

    @Test
    void startsInTheBackgroundReportsStatusAndStops() {
        Distribution.Result started = dist.run(work, Map.of(), TestPluginDistribution.command("start"));

        assertThat(started.exitCode()).as(started.stderr()).isZero();
        assertThat(started.stdout()).startsWith("chronik started (pid ");
        String pid = started.stdout().replaceAll("(?s).*\\(pid (\\d+)\\).*", "$1");
        assertThat(dist.home().resolve("chronik.pid")).content().isEqualTo(pid + "\n");
        assertThat(work.resolve("data/meta.properties")).exists();

        Distribution.Result status = dist.run(work, Map.of(), "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout()).matches("chronik is running \\(pid " + pid + "\\)\n"
                + "  node 1 of cluster [\\w-]{22}: leader in term \\d+, metadata leader 1\n"
                + "  kafka 127\\.0\\.0\\.1:\\d+, replication 127\\.0\\.0\\.1:\\d+, forwarding 127\\.0\\.0\\.1:\\d+,"
                + " console 127\\.0\\.0\\.1:\\d+\n");
        assertThat(work.resolve("data/node.status")).content().contains("pid=" + pid + "\n");

        Distribution.Result again = dist.run(work, Map.of(), TestPluginDistribution.command("start"));
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).contains("already running (pid " + pid);

        Distribution.Result stopped = dist.run(work, Map.of(), "stop");
        assertThat(stopped.exitCode()).isZero();
        assertThat(stopped.stdout()).isEqualTo("chronik stopped (pid " + pid + ")\n");
        assertThat(dist.home().resolve("chronik.pid")).doesNotExist();
        assertThat(dist.home().resolve("chronik.data-dir")).doesNotExist();
        assertThat(work.resolve("data/node.status")).as("removed by a clean stop").doesNotExist();
        assertThat(dist.home().resolve("logs/chronik.log")).content().contains("node 1 stopped");
        assertThat(dist.home().resolve("logs/chronik.out")).content().as("a background node logs to the file only")
                .doesNotContain("started");

        Distribution.Result down = dist.run(work, Map.of(), "status");
        assertThat(down.exitCode()).isEqualTo(3);
        assertThat(down.stdout()).isEqualTo("chronik is not running\n");
        assertThat(dist.run(work, Map.of(), "stop").stdout()).isEqualTo("chronik is not running\n");
    }

    @Test
    void aFailedStartShowsTheErrorAndLeavesNoPidFile() {
        Distribution.Result result = dist.run(work, Map.of("CHRONIK_NODE_ID", "x"),
                TestPluginDistribution.command("start"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("chronik: config key 'node.id': 'x' is not a whole number")
                .contains("the node exited during startup");
        assertThat(dist.home().resolve("chronik.pid")).doesNotExist();
        assertThat(dist.run(work, Map.of(), "status").exitCode()).isEqualTo(3);
    }

    @Test
    void aSeparatePidFileManagesASecondNode() {
        Path otherWork = work.resolve("other");
        Map<String, String> other = Map.of("CHRONIK_PID_FILE", work.resolve("other.pid").toString());
        try {
            assertThat(dist.run(work, Map.of(), TestPluginDistribution.command("start")).exitCode()).isZero();
            Distribution.Result second = dist.run(otherWork, other, TestPluginDistribution.command("start"));
            assertThat(second.exitCode()).as(second.stderr()).isZero();

            assertThat(dist.run(otherWork, other, "status").exitCode()).isZero();
            assertThat(dist.run(otherWork, other, "stop").exitCode()).isZero();
            assertThat(dist.run(otherWork, other, "status").exitCode()).isEqualTo(3);
            assertThat(dist.run(work, Map.of(), "status").exitCode()).as("the first node runs on").isZero();
        } finally {
            dist.run(otherWork, other, "stop");
        }
    }
}
