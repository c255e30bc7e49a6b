package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/chronik-cluster start 3}, {@code status} and {@code stop} on the real distribution: three
 * nodes on loopback, each in its own directory with its own ports, that agree on one metadata leader,
 * and that all stop. Ports are a free block chosen per run rather than the defaults, so the test can
 * run beside other nodes on the machine.
 */
@Timeout(300)
class ClusterLauncherIT {

    private static final int NODES = 3;
    private static final Pattern STATUS_LINE = Pattern.compile("node (\\d+): running \\(pid (\\d+)\\), (\\S+) in term"
            + " (\\d+), metadata leader (\\w+), kafka 127\\.0\\.0\\.1:(\\d+), console 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path work;

    private Distribution dist;
    private String[] dirOption;

    @AfterEach
    void stopWhatATestLeftRunning() {
        if (dist != null) {
            dist.runScript("chronik-cluster", work, Map.of(), withDir("stop"));
        }
    }

    @Test
    void startsThreeNodesThatAgreeOnTheMetadataLeaderAndStopsThemAll() throws IOException {
        dirOption = new String[] {"--dir", work.resolve("cluster").toString()};
        dist = Distribution.built().copyTo(work.resolve("chronik"));
        // One block: each node's three ports ten apart, then the consoles.
        int basePort = freePortBlock(10 * NODES + NODES);
        int consolePort = basePort + 10 * NODES;

        Distribution.Result started = dist.runScript("chronik-cluster", work, Map.of(),
                withDir("start", String.valueOf(NODES), "--base-port", String.valueOf(basePort),
                        "--console-port", String.valueOf(consolePort)));

        assertThat(started.exitCode()).as(started.stdout() + started.stderr()).isZero();
        assertThat(started.stdout()).contains("node 1: chronik started (pid ", "node 2: chronik started (pid ",
                "node 3: chronik started (pid ")
                .contains("bootstrap.servers=127.0.0.1:" + basePort + ",127.0.0.1:" + (basePort + 10)
                        + ",127.0.0.1:" + (basePort + 20));
        List<Properties> configs = new ArrayList<>();
        for (int node = 1; node <= NODES; node++) {
            configs.add(read(work.resolve("cluster/node-" + node + "/chronik.properties")));
        }
        String voters = "1@127.0.0.1:" + (basePort + 1) + "/" + (basePort + 2) + ",2@127.0.0.1:" + (basePort + 11)
                + "/" + (basePort + 12) + ",3@127.0.0.1:" + (basePort + 21) + "/" + (basePort + 22);
        assertThat(configs).extracting(c -> c.getProperty("cluster.voters")).containsOnly(voters);
        assertThat(configs).extracting(c -> c.getProperty("cluster.id")).hasSize(NODES).containsOnly(
                configs.get(0).getProperty("cluster.id"));
        assertThat(configs).extracting(c -> c.getProperty("node.id")).containsExactly("1", "2", "3");

        List<Matcher> status = statusLines();
        List<Long> pids = status.stream().map(m -> Long.parseLong(m.group(2))).toList();
        assertThat(pids).doesNotHaveDuplicates().allSatisfy(pid -> assertThat(isAlive(pid)).isTrue());
        for (int node = 1; node <= NODES; node++) {
            Matcher line = status.get(node - 1);
            assertThat(line.group(1)).isEqualTo(String.valueOf(node));
            assertThat(Integer.parseInt(line.group(6))).isEqualTo(basePort + 10 * (node - 1));
            assertThat(Integer.parseInt(line.group(7))).isEqualTo(consolePort + node - 1);
        }
        assertListenersAreDistinctAndAnswer();

        // One node down (stopped alone, with its own pid file): status says so, and start brings back only it.
        Map<String, String> node2 = Map.of("CHRONIK_PID_FILE", work.resolve("cluster/node-2/chronik.pid").toString());
        assertThat(dist.run(work, node2, "stop").stdout()).isEqualTo("chronik stopped (pid " + pids.get(1) + ")\n");
        Distribution.Result partial = dist.runScript("chronik-cluster", work, Map.of(), withDir("status"));
        assertThat(partial.exitCode()).isEqualTo(3);
        assertThat(partial.stdout()).contains("node 2: not running\n").startsWith("node 1: running (pid " + pids.get(0));
        Distribution.Result restarted = dist.runScript("chronik-cluster", work, Map.of(), withDir("start"));
        assertThat(restarted.exitCode()).as(restarted.stdout() + restarted.stderr()).isZero();
        assertThat(restarted.stdout()).contains("node 1: already running (pid " + pids.get(0) + ")",
                "node 2: chronik started (pid ", "node 3: already running (pid " + pids.get(2) + ")");
        status = statusLines();
        pids = status.stream().map(m -> Long.parseLong(m.group(2))).toList();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> leaders = statusLines().stream().map(m -> m.group(5)).toList();
            assertThat(leaders).as("each node's metadata leader").doesNotContain("none")
                    .containsOnly(leaders.get(0));
        });

        Distribution.Result stopped = dist.runScript("chronik-cluster", work, Map.of(), withDir("stop"));

        assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
        assertThat(stopped.stdout()).contains("node 1: chronik stopped (pid " + pids.get(0) + ")",
                "node 2: chronik stopped (pid " + pids.get(1) + ")", "node 3: chronik stopped (pid " + pids.get(2) + ")");
        assertThat(pids).allSatisfy(pid -> assertThat(isAlive(pid)).as("pid " + pid).isFalse());
        for (int node = 1; node <= NODES; node++) {
            Path nodeDir = work.resolve("cluster/node-" + node);
            assertThat(nodeDir.resolve("chronik.pid")).doesNotExist();
            assertThat(nodeDir.resolve("data/node.status")).doesNotExist();
            assertThat(nodeDir.resolve("logs/chronik.log")).content().contains("node " + node + " stopped");
        }
        Distribution.Result down = dist.runScript("chronik-cluster", work, Map.of(), withDir("status"));
        assertThat(down.exitCode()).isEqualTo(3);
        assertThat(down.stdout()).isEqualTo("node 1: not running\nnode 2: not running\nnode 3: not running\n");
    }

    @Test
    void badArgumentsAreNamedBeforeAnythingStarts() {
        dirOption = new String[] {"--dir", work.resolve("cluster").toString()};
        dist = Distribution.built();

        Distribution.Result none = dist.runScript("chronik-cluster", work, Map.of());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).startsWith("usage: chronik-cluster start  [N]");
        Distribution.Result tooMany = dist.runScript("chronik-cluster", work, Map.of(), withDir("start", "10"));
        assertThat(tooMany.exitCode()).isEqualTo(1);
        assertThat(tooMany.stderr()).isEqualTo("chronik-cluster: N must be 1 to 9, got 10\n");
        Distribution.Result badPort = dist.runScript("chronik-cluster", work, Map.of(),
                withDir("start", "--base-port", "80"));
        assertThat(badPort.stderr()).startsWith("chronik-cluster: a port must be a number from 1024 to");
        Distribution.Result setOnStop = dist.runScript("chronik-cluster", work, Map.of(),
                withDir("stop", "--set", "node.id=4"));
        assertThat(setOnStop.stderr()).isEqualTo("chronik-cluster: --set applies to start only\n");
        Distribution.Result empty = dist.runScript("chronik-cluster", work, Map.of(), withDir("status"));
        assertThat(empty.exitCode()).isEqualTo(3);
        assertThat(empty.stdout()).isEqualTo("no cluster in " + work.resolve("cluster") + "\n");
        assertThat(work.resolve("cluster")).as("only start creates the directory").doesNotExist();
    }

    /** {@code bin/chronik-cluster status}, one parsed line per node. */
    private List<Matcher> statusLines() {
        Distribution.Result result = dist.runScript("chronik-cluster", work, Map.of(), withDir("status"));
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines).hasSize(NODES);
        return lines.stream().map(line -> {
            Matcher matcher = STATUS_LINE.matcher(line);
            assertThat(matcher.matches()).as(line).isTrue();
            return matcher;
        }).toList();
    }

    /** Every node's four listeners, as its status file names them: twelve ports, each accepting connections. */
    private void assertListenersAreDistinctAndAnswer() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (int node = 1; node <= NODES; node++) {
            Properties status = read(work.resolve("cluster/node-" + node + "/data/node.status"));
            assertThat(status.getProperty("node.id")).isEqualTo(String.valueOf(node));
            for (String listener : List.of("kafka", "replication", "forwarding", "console")) {
                String address = status.getProperty(listener);
                assertThat(address).as("node %d %s", node, listener).startsWith("127.0.0.1:");
                int port = Integer.parseInt(address.substring("127.0.0.1:".length()));
                ports.add(port);
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                }
            }
        }
        assertThat(ports).hasSize(4 * NODES);
    }

    private String[] withDir(String... args) {
        String[] all = new String[args.length + dirOption.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(dirOption, 0, all, args.length, dirOption.length);
        return all;
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    /** The first port of {@code size} consecutive ports that are free on loopback now. */
    private static int freePortBlock(int size) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (IntStream.range(first, first + size).allMatch(ClusterLauncherIT::isFree)) {
                return first;
            }
        }
        throw new IllegalStateException("found no " + size + " free consecutive ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
