package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EngineConfigTest {

    @Test
    void quorumDefaultsAreValidAndMajorityIsComputed() {
        RaftConfig config = RaftConfig.defaults(2, Set.of(1, 2, 3, 4, 5));
        assertThat(config.majority()).isEqualTo(3);
        assertThat(config.fetchMaxWaitMs()).isLessThan(config.electionTimeoutMs());
    }

    @Test
    void quorumConfigNamesWhatIsWrong() {
        assertThatThrownBy(() -> RaftConfig.defaults(9, Set.of(1, 2, 3)))
                .hasMessageContaining("node 9 is not among the voters [1, 2, 3]");
        assertThatThrownBy(() -> new RaftConfig(1, new TreeSet<>(Set.of(1)), 100, 100, 100, 1, 100))
                .hasMessageContaining("fetchMaxWaitMs (100) must be below electionTimeoutMs (100)");
    }

    @Test
    void isrConfigChecksItsReplicasAndLimits() {
        assertThat(IsrConfig.defaults(1, Set.of(1, 2, 3)).replicaLagTimeMs()).isEqualTo(30_000);
        assertThatThrownBy(() -> IsrConfig.defaults(4, Set.of(1, 2, 3)))
                .hasMessageContaining("node 4 is not among the replicas [1, 2, 3]");
        assertThatThrownBy(() -> new IsrConfig(1, new TreeSet<>(Set.of(1)), 0, 1, 1, 1))
                .hasMessageContaining("replicaLagTimeMs=0");
    }
}
