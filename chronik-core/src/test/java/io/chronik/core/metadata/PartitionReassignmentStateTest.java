package io.chronik.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.core.cluster.PartitionAssignment;
import io.chronik.core.metadata.MetadataStateMachine.Applied;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/** Replica reassignment in the metadata state machine: start, catch-up, completion, cancel, replay. */
class PartitionReassignmentStateTest {

    private static final Uuid ID = new Uuid(7, 7);

    private final MetadataStateMachine state = new MetadataStateMachine();
    private final List<MetadataCommand> log = new ArrayList<>();

    private Applied apply(MetadataCommand command) {
        log.add(command);
        return state.apply(log.size() - 1, command);
    }

    /** Brokers 1-4, topic t with partition 0 on {1, 2} led by 1. */
    private void topicOnOneAndTwo() {
        for (int id = 1; id <= 4; id++) {
            apply(new MetadataCommand.RegisterBroker(id, "127.0.0.1", 9000 + id));
        }
        apply(MetadataCommand.CreateTopic.of("t", ID, List.of(List.of(1, 2)), Map.of()));
    }

    private PartitionAssignment partition() {
        return state.assignment(ID, 0).orElseThrow();
    }

    private Applied isr(int leader, int epoch, Integer... isr) {
        return apply(new MetadataCommand.ChangePartition(ID, 0, OptionalInt.of(leader), epoch,
                new TreeSet<>(List.of(isr))));
    }

    @Test
    void aReassignmentAddsTheTargetAsFollowersAndCompletesWhenTheyAreAllInSync() {
        topicOnOneAndTwo();

        Applied started = apply(new MetadataCommand.ReassignPartition(ID, 0, List.of(3, 4)));

        assertThat(started).as("a set that only grows keeps the leader epoch").isEqualTo(new Applied.PartitionChanged(
                assignment(List.of(3, 4, 1, 2), OptionalInt.of(1), 0, 1, 2)));
        PartitionReassignment ongoing = state.reassignment(ID, 0).orElseThrow();
        assertThat(ongoing.adding()).containsExactly(3, 4);
        assertThat(ongoing.removing()).containsExactly(1, 2);

        isr(1, 0, 1, 2, 3);
        assertThat(state.reassignment(ID, 0)).as("4 has not caught up yet").isPresent();
        assertThat(partition().replicas()).containsExactly(3, 4, 1, 2);

        Applied done = isr(1, 0, 1, 2, 3, 4);

        assertThat(done).as("the leader left: the first in-sync target replica leads, in a new epoch")
                .isEqualTo(new Applied.PartitionChanged(assignment(List.of(3, 4), OptionalInt.of(3), 1, 3, 4)));
        assertThat(state.reassignment(ID, 0)).isEmpty();
    }

    @Test
    void aLeaderInTheTargetKeepsLeadingAndATargetAlreadyInSyncCompletesAtOnce() {
        topicOnOneAndTwo();

        Applied shrunk = apply(new MetadataCommand.ReassignPartition(ID, 0, List.of(2)));

        assertThat(shrunk).isEqualTo(new Applied.PartitionChanged(assignment(List.of(2), OptionalInt.of(2), 1, 2)));
        assertThat(state.reassignment(ID, 0)).isEmpty();

        apply(new MetadataCommand.ReassignPartition(ID, 0, List.of(3, 2)));
        isr(2, 1, 2, 3);
        assertThat(partition()).as("a reassignment that only adds keeps the leader epoch throughout")
                .isEqualTo(assignment(List.of(3, 2), OptionalInt.of(2), 1, 2, 3));
        assertThat(state.reassignment(ID, 0)).isEmpty();
    }

    @Test
    void cancellingRevertsToTheOriginalReplicasAndANewTargetReplacesTheOldOne() {
        topicOnOneAndTwo();
        apply(new MetadataCommand.ReassignPartition(ID, 0, List.of(3, 4)));
        isr(1, 0, 1, 2, 3);

        apply(new MetadataCommand.ReassignPartition(ID, 0, List.of(4, 1)));
        assertThat(state.reassignment(ID, 0).orElseThrow())
                .as("the new reassignment counts from the replicas before the first one")
                .isEqualTo(new PartitionReassignment(List.of(4, 1), List.of(1, 2)));
        assertThat(partition()).as("3, no longer wanted, leaves the replicas and the ISR, fenced by a new epoch")
                .isEqualTo(assignment(List.of(4, 1, 2), OptionalInt.of(1), 1, 1, 2));

        Applied cancelled = apply(new MetadataCommand.CancelReassignment(ID, 0));

        assertThat(cancelled).isEqualTo(new Applied.PartitionChanged(assignment(List.of(1, 2), OptionalInt.of(1), 2,
                1, 2)));
        assertThat(state.reassignment(ID, 0)).isEmpty();
        assertThat(apply(new MetadataCommand.CancelReassignment(ID, 0)).ignored()).as("nothing left to cancel")
                .isTrue();
        assertThat(apply(new MetadataCommand.ReassignPartition(ID, 5, List.of(1))).ignored()).as("no partition 5")
                .isTrue();
    }

    @Test
    void aReplayGivesTheSameStateAndDigestAndDeletingTheTopicForgetsTheReassignment() {
        topicOnOneAndTwo();
        apply(new MetadataCommand.ReassignPartition(ID, 0, List.of(2, 3)));
        String midway = state.digest();
        isr(1, 0, 1, 2, 3);
        apply(new MetadataCommand.ReassignPartition(ID, 0, List.of(4)));

        MetadataStateMachine replayed = new MetadataStateMachine();
        for (int i = 0; i < log.size(); i++) {
            replayed.apply(i, log.get(i));
        }

        assertThat(replayed.digest()).isEqualTo(state.digest()).isNotEqualTo(midway);
        assertThat(replayed.reassignment(ID, 0)).isEqualTo(state.reassignment(ID, 0)).isPresent();
        assertThat(replayed.assignment(ID, 0)).isEqualTo(state.assignment(ID, 0));

        MetadataStateMachine withoutReassignment = new MetadataStateMachine();
        for (int i = 0; i < 5; i++) {
            withoutReassignment.apply(i, log.get(i));
        }
        assertThat(withoutReassignment.digest()).as("the reassignment changes the digest")
                .isNotEqualTo(midway);

        apply(new MetadataCommand.DeleteTopic(ID));
        assertThat(state.reassignment(ID, 0)).isEmpty();
    }

    @Test
    void aFencedLeaderInTheTargetIsReplacedWhenTheReassignmentCompletes() {
        topicOnOneAndTwo();
        apply(new MetadataCommand.ReassignPartition(ID, 0, List.of(2, 3)));
        apply(new MetadataCommand.FenceBroker(1));
        assertThat(partition().leader()).hasValue(2);

        isr(2, 1, 2, 3);

        assertThat(partition()).isEqualTo(assignment(List.of(2, 3), OptionalInt.of(2), 2, 2, 3));
    }

    private static PartitionAssignment assignment(List<Integer> replicas, OptionalInt leader, int epoch,
                                                  Integer... isr) {
        return new PartitionAssignment(ID, "t", 0, replicas, leader, epoch, new TreeSet<>(List.of(isr)));
    }
}
