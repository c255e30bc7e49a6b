package io.chronik.bench.metadata;

import io.chronik.core.cluster.ControllerClient;
import io.chronik.core.cluster.MetadataOperation;
import io.chronik.core.cluster.OperationResult;
import io.chronik.spi.NodeEndpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Metadata write latency and commit rate on a 3-node loopback cluster: many writers, each a thread
 * that submits one operation (a producer-id block, the cheapest metadata write) and waits for its
 * answer before the next, through the node it is attached to (so two thirds of the writes are
 * forwarded to the leader when writers are spread). Prints p50/p99/max latency and commits per second.
 *
 * <pre>
 * java -cp target/benchmarks.jar io.chronik.bench.metadata.MetadataWriteDriver [writers] [seconds] [leader|all] [dir]
 * java -cp target/benchmarks.jar io.chronik.bench.metadata.MetadataWriteDriver rate=[writes/s] [seconds] [leader|all] [dir]
 * </pre>
 * Defaults: 64 writers, 10 s measured after 3 s of warm-up, writers spread over all nodes, a
 * temporary directory (deleted afterwards only if the driver created it).
 *
 * <p>With {@code rate=R} the load is open: one pacing thread submits a write every {@code 1/R} s
 * without waiting for earlier answers (as many in flight as the cluster's latency makes it), and each
 * write's latency runs from the moment it was due, not the moment it was sent, so a stall of the
 * driver or the cluster counts against every write it delayed (no coordinated omission). This asks what
 * latency writes see at a given commit rate, where the closed mode asks what rate a number of writers
 * reach.
 */
public final class MetadataWriteDriver {

    private static final int NODES = 3;
    private static final int WARMUP_SECONDS = 3;

    private MetadataWriteDriver() {
    }

    public static void main(String[] args) throws Exception {
        String load = args.length > 0 ? args[0] : "64";
        int rate = load.startsWith("rate=") ? Integer.parseInt(load.substring("rate=".length())) : 0;
        int writers = rate > 0 ? 0 : Integer.parseInt(load);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        boolean leaderOnly = args.length > 2 && args[2].equals("leader");
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("metadata-bench");

        Map<Integer, NodeEndpoint> replication = new HashMap<>();
        Map<Integer, NodeEndpoint> forwarding = new HashMap<>();
        for (int id = 1; id <= NODES; id++) {
            replication.put(id, new NodeEndpoint(id, "127.0.0.1", freePort()));
            forwarding.put(id, new NodeEndpoint(id, "127.0.0.1", freePort()));
        }
        List<MetadataNode> nodes = new ArrayList<>();
        try {
            for (int id = 1; id <= NODES; id++) {
                nodes.add(new MetadataNode(id, dir.resolve("node" + id), replication, forwarding));
            }
            MetadataNode leader = awaitLeader(nodes);
            List<ControllerClient> clients = leaderOnly ? List.of(leader.metadata().client())
                    : nodes.stream().map(n -> n.metadata().client()).toList();
            if (rate > 0) {
                runAtRate(clients, rate, WARMUP_SECONDS, false);
                runAtRate(clients, rate, seconds, true);
            } else {
                run(clients, writers, WARMUP_SECONDS, false);
                run(clients, writers, seconds, true);
            }
        } finally {
            nodes.forEach(MetadataNode::close);
        }
    }

    private static MetadataNode awaitLeader(List<MetadataNode> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (MetadataNode node : nodes) {
                if (node.metadata().quorum().leaderReady()) {
                    return node;
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no metadata leader within 30 s");
    }

    private static void run(List<ControllerClient> clients, int writers, int seconds, boolean report)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong failures = new AtomicLong();
        long[][] latencies = new long[writers][];
        Thread[] threads = new Thread[writers];
        for (int w = 0; w < writers; w++) {
            int writer = w;
            ControllerClient client = clients.get(w % clients.size());
            threads[w] = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int count = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    OperationResult result = client.submit(new MetadataOperation.AllocateProducerIds(1)).join();
                    long took = System.nanoTime() - start;
                    if (!result.succeeded()) {
                        failures.incrementAndGet();
                        continue;
                    }
                    if (count == mine.length) {
                        mine = Arrays.copyOf(mine, count * 2);
                    }
                    mine[count++] = took;
                }
                latencies[writer] = Arrays.copyOf(mine, count);
            }, "bench-writer-" + w);
            threads[w].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (report) {
            report("writers=" + writers, clients, seconds,
                    Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray(), failures.get());
        }
    }

    /**
     * Open load: submits a write every {@code 1/rate} s from one pacing thread, round robin over the
     * clients, and records each latency from the write's due time once its answer arrives; waits for
     * every answer before reporting.
     */
    private static void runAtRate(List<ControllerClient> clients, int rate, int seconds, boolean report)
            throws InterruptedException {
        long writes = (long) rate * seconds;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long[] latencies = new long[(int) writes];
        AtomicLong failures = new AtomicLong();
        // Answers are counted, not kept: holding every write's future kept them all live through the
        // young collections, which then copied them over and over and paused for 20-30 ms.
        CountDownLatch answers = new CountDownLatch((int) writes);
        long start = System.nanoTime();
        for (int i = 0; i < writes; i++) {
            long due = start + i * intervalNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            clients.get(i % clients.size()).submit(new MetadataOperation.AllocateProducerIds(1))
                    .thenAccept(result -> {
                        latencies[index] = System.nanoTime() - due;
                        if (!result.succeeded()) {
                            failures.incrementAndGet();
                        }
                        answers.countDown();
                    });
        }
        answers.await();
        if (report) {
            report("rate=" + rate, clients, seconds, Arrays.stream(latencies).sorted().toArray(), failures.get());
        }
    }

    private static void report(String load, List<ControllerClient> clients, int seconds, long[] sorted, long failures) {
        if (sorted.length == 0) {
            System.out.printf("no write succeeded (%d failures)%n", failures);
            return;
        }
        System.out.printf("%s via=%s seconds=%d commits=%d commits/s=%.0f p50=%.2fms p99=%.2fms max=%.2fms"
                        + " failures=%d%n", load, clients.size() == 1 ? "leader" : "all", seconds, sorted.length,
                sorted.length / (double) seconds, millis(sorted, 0.50), millis(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6, failures);
    }

    private static double millis(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
