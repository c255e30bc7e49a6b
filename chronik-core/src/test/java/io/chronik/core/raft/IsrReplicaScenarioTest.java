package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scripted ISR situations on the simulated partition (invariants checked after every event). */
@Timeout(30)
class IsrReplicaScenarioTest {

    @Test
    void slowFollowerLeavesTheIsrInsteadOfBlockingTheLeader() {
        IsrSimCluster cluster = new IsrSimCluster(SimScenario.quiet(3), 11);
        cluster.startScripted();
        cluster.advance(500);
        int leader = cluster.leaderId();
        int slow = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        assertThat(cluster.replica(leader).isr()).hasSize(3);

        cluster.cut(leader, slow);
        List<CompletableFuture<Long>> acks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acks.add(cluster.append("r" + i));
            cluster.advance(50);
        }
        cluster.advance(500);

        assertThat(cluster.replica(leader).isr()).doesNotContain(slow).hasSize(2);
        assertThat(acks).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(cluster.replica(leader).highWatermark()).isGreaterThan(cluster.replica(slow).highWatermark());

        cluster.healNetwork();
        cluster.advance(1_000);
        assertThat(cluster.replica(leader).isr()).as("caught up again").hasSize(3);
        assertThat(cluster.replica(slow).highWatermark()).isEqualTo(cluster.replica(leader).highWatermark());
    }

    @Test
    void acksAllIsRefusedBelowMinInsyncReplicas() {
        IsrSimCluster cluster = new IsrSimCluster(SimScenario.quiet(3), 12);
        cluster.startScripted();
        cluster.advance(500);
        int leader = cluster.leaderId();
        for (int id : cluster.ids()) {
            if (id != leader) {
                cluster.crash(id);
            }
        }
        CompletableFuture<Long> pending = cluster.append("too-late"); // ISR still 3 until the lag time passes: accepted, never acked
        cluster.advance(1_000);

        assertThat(cluster.replica(leader).isr()).containsExactly(leader);
        assertThat(pending).isCompletedExceptionally();
        assertThatThrownBy(() -> cluster.append("refused")).isInstanceOf(NotEnoughReplicasException.class)
                .hasMessageContaining("min.insync.replicas 2");
    }

    @Test
    void aFollowerTheControllerFencedStopsHoldingBackAcksAtOnce() {
        IsrSimCluster cluster = new IsrSimCluster(SimScenario.quiet(3), 13);
        cluster.startScripted();
        cluster.advance(500);
        int leader = cluster.leaderId();
        int gone = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        cluster.crash(gone);
        CompletableFuture<Long> waiting = cluster.append("before-fencing");
        cluster.advance(100); // well within the replica lag time (400 ms): the ISR still names the crashed one
        assertThat(waiting).isNotDone();

        cluster.fence(gone);
        cluster.advance(100);

        assertThat(cluster.replica(leader).isr()).doesNotContain(gone).hasSize(2);
        assertThat(waiting).isCompleted();
    }
}
