package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deterministic simulation of a partition in ISR mode ({@link IsrSimCluster} lists the invariants):
 * 3 replicas, {@code min.insync.replicas=2}, message loss, crashes, partitions, controller-driven
 * leader changes, retention freeing old batches on any replica (so followers come back below the
 * leader's log start). 100 seeds by default; {@code -Dchronik.sim.seeds=N} runs N/2, and
 * {@code -Dchronik.sim.seed=S} replays one.
 */
class IsrSimulationTest {

    private static final SimScenario THREE_REPLICAS = new SimScenario(
            "3 replicas, loss, crashes, partitions, retention", 3, 0.05, 20, 5, 0.3, 0.3, 10_000, 40, 2);

    static LongStream seeds() {
        Long single = Long.getLong("chronik.sim.seed");
        return single != null ? LongStream.of(single) : LongStream.range(0, Integer.getInteger("chronik.sim.seeds", 200) / 2);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a livelock fails the seed
    void replicasStaySafeAndLive(long seed) {
        assertThat(new IsrSimCluster(THREE_REPLICAS, seed).run()).as("acknowledged appends").isPositive();
    }
}
