package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Raft's figure 8 (§5.4.2) on five simulated voters: an entry of an earlier term that reaches a
 * majority only after a later leader wrote a conflicting entry must not count as committed until an
 * entry of the current term is on a majority too, because that later leader can still win and
 * overwrite it. The roles are taken by whichever nodes the elections pick; the simulation's
 * invariant "a new leader holds every committed entry" fails if the rule is broken.
 */
@Timeout(60)
class CommitRuleScenarioTest {

    private static final String BIG = "x".repeat(100); // larger than the 64-byte fetch budget

    @Test
    void entryOfAnEarlierTermIsNotCommittedByCountingReplicas() {
        SimCluster cluster = new SimCluster(SimScenario.quiet(5), 8);
        cluster.startScripted();
        cluster.advance(2_000);
        int a = cluster.leader().orElseThrow().id();
        int b = others(cluster, Set.of(a)).get(0);
        cluster.advance(500); // everyone holds the committed prefix

        // (a) A, cut off with B, appends X, which only B receives
        cluster.partition(Set.of(a, b));
        cluster.propose(a, BIG);
        long xOffset = cluster.node(a).engine().orElseThrow().lastPosition().endOffset() - 1;
        assertThat(cluster.advanceUntil(() -> end(cluster, b) == xOffset + 1, 1_000)).isTrue();

        // (b) the other three elect C, which is isolated before anyone fetches its leader-change entry
        List<Integer> rest = others(cluster, Set.of(a, b));
        int termA = term(cluster, a);
        assertThat(cluster.advanceUntil(() -> leaderAmong(cluster, rest, termA + 1).isPresent(), 5_000)).isTrue();
        int c = leaderAmong(cluster, rest, termA + 1).orElseThrow();
        cluster.partition(Set.of(c));
        List<Integer> de = others(cluster, Set.of(a, b, c));
        int d = de.get(0);

        // (c) A or B is elected with D; D gets X alone and its answer reaches the leader, never the reply
        cluster.partition(Set.of(c, de.get(1)));
        int termC = term(cluster, c);
        assertThat(cluster.advanceUntil(() -> leaderAmong(cluster, List.of(a, b), termC + 1).isPresent(), 5_000)).isTrue();
        int leader = leaderAmong(cluster, List.of(a, b), termC + 1).orElseThrow();
        assertThat(cluster.advanceUntil(() -> end(cluster, d) == xOffset + 1, 2_000)).isTrue();
        cluster.cutOneWay(leader, d);
        cluster.advance(300);
        long leaderHw = cluster.node(leader).engine().orElseThrow().highWatermark();
        assertThat(leaderHw).as("X is on a majority, but no entry of the leader's term is").isLessThanOrEqualTo(xOffset);

        // (d) A and B go away; C can win again (its last epoch is newer than D's) and replaces X
        cluster.partition(Set.of(a, b));
        int termLeader = term(cluster, leader);
        assertThat(cluster.advanceUntil(() -> leaderAmong(cluster, List.of(c), termLeader + 1).isPresent(), 10_000))
                .isTrue();
        cluster.advance(1_000);
        String atX = CommittedHistory.text(cluster.node(d).engine().orElseThrow().read(xOffset, 1).get(0));
        assertThat(atX).as("X was never acknowledged, so C may replace it").isNotEqualTo(BIG);
    }

    private static long end(SimCluster cluster, int node) {
        return cluster.node(node).engine().orElseThrow().lastPosition().endOffset();
    }

    private static List<Integer> others(SimCluster cluster, Set<Integer> excluded) {
        return cluster.nodes().stream().map(SimNode::id).filter(id -> !excluded.contains(id)).toList();
    }

    private static Optional<Integer> leaderAmong(SimCluster cluster, List<Integer> candidates, int minTerm) {
        return candidates.stream().filter(id -> cluster.node(id).engine()
                .map(e -> e.role() == RoleKind.LEADER && e.term() >= minTerm).orElse(false)).findFirst();
    }

    private static int term(SimCluster cluster, int node) {
        return cluster.node(node).engine().orElseThrow().term();
    }
}
