package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LeaderStateTest {

    @Test
    void commitsEarlierTermsOnlyThroughItsOwnLeaderChangeEntry() {
        // leader of term 3 whose leader-change entry sits at offset 10, followers 2 and 3, majority 2
        LeaderState leader = new LeaderState(3, 10, List.of(2, 3), 2, 0);
        leader.progress(2).onMatchingFetch(10); // follower 2 holds every earlier-term entry, not offset 10

        assertThat(leader.commitCandidate(11)).as("a majority holds only earlier-term entries").isEmpty();

        leader.progress(2).onMatchingFetch(11);
        assertThat(leader.commitCandidate(11)).isEqualTo(OptionalLong.of(11));
    }

    @Test
    void highWatermarkIsTheDurableEndHeldByAMajority() {
        LeaderState leader = new LeaderState(2, 0, List.of(2, 3, 4, 5), 3, 0);
        leader.progress(2).onMatchingFetch(8);
        leader.progress(3).onMatchingFetch(5);

        assertThat(leader.commitCandidate(3)).isEqualTo(OptionalLong.of(3)); // durable ends 8, 5, 3, 0, 0
        assertThat(leader.commitCandidate(9)).isEqualTo(OptionalLong.of(5)); // 9, 8, 5, 0, 0
        leader.progress(4).onMatchingFetch(7);
        assertThat(leader.commitCandidate(9)).isEqualTo(OptionalLong.of(7)); // 9, 8, 7, 5, 0
    }

    @Test
    void resignationFailsWaitingProposalsAndCommitCompletesThemInOrder() {
        LeaderState leader = new LeaderState(2, 0, List.of(2), 2, 0);
        CompletableFuture<Long> first = leader.awaitCommit(1);
        CompletableFuture<Long> second = leader.awaitCommit(2);

        leader.committed(2);
        assertThat(first).isCompletedWithValue(1L);
        assertThat(second).isNotDone();

        leader.resign(OptionalInt.of(2));
        assertThat(second).isCompletedExceptionally();
    }

    @Test
    void resignsWithoutRecentFetchesFromAMajority() {
        LeaderState leader = new LeaderState(2, 0, List.of(2, 3), 2, 0);
        assertThat(leader.hasQuorumContact(100, 450)).isTrue();
        assertThat(leader.hasQuorumContact(500, 450)).isFalse();
        leader.progress(3).onFetch(400);
        assertThat(leader.hasQuorumContact(500, 450)).isTrue();
    }
}
