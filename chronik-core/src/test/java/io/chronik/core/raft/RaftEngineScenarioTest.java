package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scripted situations on the simulated cluster (safety invariants are still checked after every
 * event): each test forces one mechanism and asserts what a client of the log would observe.
 */
@Timeout(30)
class RaftEngineScenarioTest {

    @Test
    void singleVoterElectsItselfAndCommitsAlone() throws Exception {
        SimCluster cluster = new SimCluster(SimScenario.quiet(1), 1);
        cluster.startScripted();
        cluster.advance(1_000);

        CompletableFuture<Long> ack = cluster.propose(1, "only");
        cluster.advance(100);

        assertThat(ack).isCompleted();
        assertThat(ack.get()).isEqualTo(1L); // offset 0 is the leader-change entry
        assertThat(cluster.node(1).applied()).containsExactly("only");
    }

    @Test
    void everyFollowerLearnsOfACommitWithoutWaitingOutAParkedFetch() {
        SimCluster cluster = new SimCluster(SimScenario.quiet(3), 3);
        cluster.startScripted();
        cluster.advance(2_000); // idle: the followers' fetches are parked at the leader
        SimNode leader = cluster.leader().orElseThrow();

        for (int i = 0; i < 5; i++) {
            cluster.propose(leader.id(), "entry-" + i);
            // two network hops each way plus an fsync, well below the 50 ms a parked fetch waits
            cluster.advance(45);
            for (SimNode node : cluster.nodes()) {
                assertThat(node.applied()).as("applied on node %d", node.id()).hasSize(i + 1);
            }
        }
    }

    @Test
    void followerBackFromPartitionDoesNotDisruptTheLeader() {
        SimCluster cluster = new SimCluster(SimScenario.quiet(3), 2);
        cluster.startScripted();
        cluster.advance(2_000);
        SimNode leader = cluster.leader().orElseThrow();
        int term = leader.engine().orElseThrow().term();
        int follower = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow().id();

        cluster.propose(leader.id(), "before");
        cluster.advance(200);

        // its log stays as up to date as the others': only "they still hear from a leader" refuses it
        cluster.isolate(follower);
        cluster.advance(5_000); // many election timeouts: only pre-votes, no new term
        cluster.healNetwork();
        cluster.advance(2_000);
        cluster.propose(leader.id(), "after");
        cluster.advance(200);

        assertThat(cluster.leader()).contains(leader);
        for (SimNode node : cluster.nodes()) {
            RaftEngine e = node.engine().orElseThrow();
            assertThat(e.term()).as("term of node %d", node.id()).isEqualTo(term);
            assertThat(node.applied()).as("applied on node %d", node.id()).containsExactly("before", "after");
        }
    }

    @Test
    void followerCutOffFromTheLeaderOnlyCannotWinAnElection() {
        SimCluster cluster = new SimCluster(SimScenario.quiet(3), 5);
        cluster.startScripted();
        cluster.advance(2_000);
        SimNode leader = cluster.leader().orElseThrow();
        int term = leader.engine().orElseThrow().term();
        int follower = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow().id();

        // the follower still reaches the other follower, which hears from the leader and so refuses
        // its pre-votes: without pre-vote (or with a voter that ignored its leader) it would depose it
        cluster.cut(leader.id(), follower);
        cluster.advance(5_000);

        assertThat(cluster.leader()).contains(leader);
        assertThat(cluster.nodes()).allSatisfy(n -> assertThat(n.engine().orElseThrow().term()).isEqualTo(term));
    }

    @Test
    void deposedLeadersUncommittedEntriesAreReplaced() throws Exception {
        SimCluster cluster = new SimCluster(SimScenario.quiet(3), 3);
        cluster.startScripted();
        cluster.advance(2_000);
        SimNode old = cluster.leader().orElseThrow();
        CompletableFuture<Long> committed = cluster.propose(old.id(), "before");
        cluster.advance(200);
        assertThat(committed).isCompleted();

        cluster.isolate(old.id());
        List<CompletableFuture<Long>> lost = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lost.add(cluster.propose(old.id(), "lost-" + i));
        }
        cluster.advance(3_000);
        SimNode fresh = cluster.leader().orElseThrow();
        assertThat(fresh).isNotEqualTo(old);
        CompletableFuture<Long> after = cluster.propose(fresh.id(), "after");
        cluster.healNetwork();
        cluster.advance(3_000);

        assertThat(lost).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
        assertThat(after.get()).isPositive();
        for (SimNode node : cluster.nodes()) {
            assertThat(node.applied()).as("applied on node %d", node.id()).containsExactly("before", "after");
            assertThat(node.engine().orElseThrow().lastPosition())
                    .isEqualTo(fresh.engine().orElseThrow().lastPosition());
        }
    }

    @Test
    void restartedFollowerCatchesUpInBoundedFetches() throws Exception {
        SimCluster cluster = new SimCluster(SimScenario.quiet(3), 4);
        cluster.startScripted();
        cluster.advance(2_000);
        SimNode leader = cluster.leader().orElseThrow();
        SimNode follower = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
        cluster.crash(follower.id());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add("entry-" + i);
            cluster.propose(leader.id(), "entry-" + i);
        }
        cluster.advance(1_000);
        cluster.restart(follower.id());
        cluster.advance(3_000);

        assertThat(follower.applied()).isEqualTo(expected);
        assertThat(follower.engine().orElseThrow().highWatermark())
                .isEqualTo(leader.engine().orElseThrow().highWatermark());
        // 64-byte fetch budget: a fetch answer carries a few entries, never the 300-entry backlog
        assertThat(cluster.largestMessageBytes()).isLessThan(200);
    }

    @Test
    void followerBelowTheLeadersLogStartInstallsTheSnapshotInBoundedChunks() {
        SimCluster cluster = new SimCluster(SimScenario.quiet(3).withLogStartEvery(20), 6);
        cluster.startScripted();
        cluster.advance(2_000);
        SimNode leader = cluster.leader().orElseThrow();
        SimNode follower = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
        cluster.propose(leader.id(), "before");
        cluster.advance(200);
        long followerEnd = follower.engine().orElseThrow().lastPosition().endOffset();
        cluster.crash(follower.id());
        for (int i = 0; i < 100; i++) {
            cluster.propose(leader.id(), "while-down-" + i);
        }
        cluster.advance(1_000);
        RaftEngine lead = leader.engine().orElseThrow();
        assertThat(lead.logStart().endOffset()).as("the leader freed what the follower lacks")
                .isGreaterThan(followerEnd);

        cluster.restart(follower.id());
        cluster.advance(3_000);

        RaftEngine restarted = follower.engine().orElseThrow();
        assertThat(follower.applied()).hasSize(101).isEqualTo(leader.applied());
        assertThat(restarted.highWatermark()).isEqualTo(lead.highWatermark());
        assertThat(restarted.logStart().endOffset()).as("its log starts after the installed snapshot")
                .isGreaterThan(followerEnd);
        assertThat(follower.snapshots()).as("the installed snapshot, and any taken since").isNotEmpty();
        // the snapshot (over 1 KB of payloads) came in chunks of the 64-byte fetch budget
        assertThat(cluster.largestMessageBytes()).isLessThan(200);
    }
}
