package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

    private static final SimScenario THREE_NODES = new SimScenario("3 nodes, loss, crashes, partitions",
            3, 0.05, 20, 5, 0.3, 0.3, 10_000, 40);
    private static final SimScenario FIVE_NODES = new SimScenario("5 nodes, loss, crashes, partitions",
            5, 0.05, 20, 5, 0.4, 0.3, 10_000, 40);

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
        assertThat(result.acked()).as("acknowledged proposals").isPositive();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("fiveNodeSeeds")
    @Timeout(30)
    void fiveNodesStaySafeAndLive(long seed) {
        SimCluster.SimResult result = new SimCluster(FIVE_NODES, seed).run();
        assertThat(result.acked()).as("acknowledged proposals").isPositive();
    }
}
