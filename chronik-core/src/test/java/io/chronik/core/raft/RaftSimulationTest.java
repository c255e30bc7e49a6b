package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deterministic simulation of the {@link RaftEngine} metadata quorum (see {@link SimCluster} for the
 * invariants checked after every event).
 *
 * <p>By default runs 200 seeds of a 3-node cluster and 100 of a 5-node cluster. More:
 * {@code mvn -pl chronik-core -am verify -Dtest='RaftSimulationTest' -Dsurefire.failIfNoSpecifiedTests=false
 * -Dchronik.sim.seeds=5000} (3-node count; the 5-node count is half). Replay one failing seed with
 * {@code -Dchronik.sim.seed=N}: a failure message names the seed and the tail of the event trace.
 */
class RaftSimulationTest {

    private static final Logger LOG = LoggerFactory.getLogger(RaftSimulationTest.class);
    private static final Map<String, List<SimCluster.SimResult>> RESULTS = new ConcurrentHashMap<>();

    private static final SimScenario THREE_NODES = new SimScenario("3 nodes, loss, crashes, partitions, snapshots",
            3, 0.05, 20, 5, 0.3, 0.3, 10_000, 40, 7);
    private static final SimScenario FIVE_NODES = new SimScenario("5 nodes, loss, crashes, partitions, snapshots",
            5, 0.05, 20, 5, 0.4, 0.3, 10_000, 40, 13);

    static LongStream threeNodeSeeds() {
        return seeds(Integer.getInteger("chronik.sim.seeds", 200));
    }

    static LongStream fiveNodeSeeds() {
        return seeds(Integer.getInteger("chronik.sim.seeds", 200) / 2);
    }

    private static LongStream seeds(int count) {
        Long single = Long.getLong("chronik.sim.seed");
        return single != null ? LongStream.of(single) : LongStream.range(0, count);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("threeNodeSeeds")
    @Timeout(30)
    void threeNodesStaySafeAndLive(long seed) {
        SimCluster.SimResult result = new SimCluster(THREE_NODES, seed).run();
        RESULTS.computeIfAbsent(THREE_NODES.name(), k -> new CopyOnWriteArrayList<>()).add(result);
        assertThat(result.acked()).as("acknowledged proposals").isPositive();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("fiveNodeSeeds")
    @Timeout(30)
    void fiveNodesStaySafeAndLive(long seed) {
        SimCluster.SimResult result = new SimCluster(FIVE_NODES, seed).run();
        RESULTS.computeIfAbsent(FIVE_NODES.name(), k -> new CopyOnWriteArrayList<>()).add(result);
        assertThat(result.acked()).as("acknowledged proposals").isPositive();
    }

    /** Logs what the seeds exercised, so a reader sees the faults were real. */
    @AfterAll
    static void summarize() {
        RESULTS.forEach((scenario, results) -> LOG.info(
                "{}: {} seeds, {} events, {} messages ({} dropped), {} terms with a leader, {} crashes, {} partitions,"
                        + " {} of {} proposals acknowledged, {} snapshots",
                scenario, results.size(), sum(results, SimCluster.SimResult::events),
                sum(results, SimCluster.SimResult::messages), sum(results, SimCluster.SimResult::dropped),
                sum(results, SimCluster.SimResult::terms), sum(results, SimCluster.SimResult::crashes),
                sum(results, SimCluster.SimResult::partitions), sum(results, SimCluster.SimResult::acked),
                sum(results, SimCluster.SimResult::proposed), sum(results, SimCluster.SimResult::snapshots)));
    }

    private static long sum(List<SimCluster.SimResult> results, ToLongFunction<SimCluster.SimResult> field) {
        return results.stream().mapToLong(field).sum();
    }
}
