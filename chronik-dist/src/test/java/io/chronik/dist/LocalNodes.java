package io.chronik.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A cluster of {@code bin/chronik run} processes on loopback, each with its own data directory and
 * fixed free ports (voters must know each other's addresses before they start). A node can be killed
 * and started again on the same ports and data. Node 1 serves the console (with the generated
 * one-time admin password it logs); the others run without.
 */
final class LocalNodes implements AutoCloseable {

    private final Distribution dist;
    private final Path work;
    private final String clusterId;
    private final Map<Integer, Ports> ports = new LinkedHashMap<>();
    private final Map<Integer, Distribution.ChronikProcess> running = new LinkedHashMap<>();
    private final List<String> extraSettings;

    /** The ports of one node; node 1 also serves the console on {@code console}. */
    record Ports(int kafka, int replication, int forwarding, int console) {
    }

    LocalNodes(Distribution dist, Path work, String clusterId, int nodes) {
        this(dist, work, clusterId, nodes, List.of());
    }

    /** @param extraSettings {@code key=value} settings every node gets on top of the cluster's own */
    LocalNodes(Distribution dist, Path work, String clusterId, int nodes, List<String> extraSettings) {
        this.extraSettings = List.copyOf(extraSettings);
        this.dist = dist;
        this.work = work;
        this.clusterId = clusterId;
        int[] free = freePorts(nodes * 4);
        for (int i = 0; i < nodes; i++) {
            ports.put(i + 1, new Ports(free[4 * i], free[4 * i + 1], free[4 * i + 2], free[4 * i + 3]));
        }
    }

    /** Starts every node and waits until each printed its startup line. */
    void startAll() {
        ports.keySet().forEach(id -> running.put(id, launch(id)));
        running.values().forEach(node -> node.awaitStdout("started;"));
    }

    /** Starts node {@code id} (again) on its ports and data and waits for its startup line. */
    void start(int id) {
        Distribution.ChronikProcess node = launch(id);
        running.put(id, node);
        node.awaitStdout("started;");
    }

    private Distribution.ChronikProcess launch(int id) {
        Ports own = ports.get(id);
        String voters = ports.entrySet().stream()
                .map(e -> e.getKey() + "@127.0.0.1:" + e.getValue().replication() + "/" + e.getValue().forwarding())
                .collect(Collectors.joining(","));
        List<String> args = new ArrayList<>(List.of("run",
                "--set", "node.id=" + id,
                "--set", "cluster.id=" + clusterId,
                "--set", "cluster.voters=" + voters,
                "--set", "data.dir=" + work.resolve("node-" + id).resolve("data"),
                "--set", "kafka.listener=127.0.0.1:" + own.kafka(),
                "--set", "replication.listener=127.0.0.1:" + own.replication(),
                "--set", "forwarding.listener=127.0.0.1:" + own.forwarding()));
        args.addAll(id == 1 ? List.of("--set", "console.listener=127.0.0.1:" + own.console())
                : List.of("--set", "console.enabled=false"));
        extraSettings.forEach(setting -> args.addAll(List.of("--set", setting)));
        return dist.start(work.resolve("node-" + id), Map.of(), args.toArray(String[]::new));
    }

    /** Kills node {@code id} with SIGKILL: no shutdown hook, no final flush. */
    void kill(int id) {
        Distribution.ChronikProcess node = running.remove(id);
        node.process().destroyForcibly();
        node.waitFor();
    }

    /** The bootstrap list of every node's Kafka listener. */
    String bootstrap() {
        return ports.values().stream().map(p -> "127.0.0.1:" + p.kafka()).collect(Collectors.joining(","));
    }

    /** The Kafka listener of node {@code id} alone. */
    String bootstrap(int id) {
        return "127.0.0.1:" + ports.get(id).kafka();
    }

    /** Node 1's console, e.g. {@code http://127.0.0.1:1234}. */
    String consoleUrl() {
        return "http://127.0.0.1:" + ports.get(1).console();
    }

    /** The ids of the nodes running now. */
    List<Integer> runningIds() {
        return new ArrayList<>(running.keySet());
    }

    /** The stdout of node {@code id}'s current process, for failure messages. */
    String stdout(int id) {
        Distribution.ChronikProcess node = running.get(id);
        return node == null ? "(not running)" : node.stdout();
    }

    @Override
    public void close() {
        running.values().forEach(Distribution.ChronikProcess::close);
        running.clear();
    }

    private static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                socket.setReuseAddress(true);
                sockets.add(socket);
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sockets.forEach(s -> {
                try {
                    s.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
