package io.chronik.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.core.cluster.PartitionAssignment;
import io.chronik.core.metadata.MetadataStateMachine.Applied;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class MetadataStateMachineTest {

    private final MetadataStateMachine state = new MetadataStateMachine();
    private long offset;

    private Applied apply(MetadataCommand command) {
        return state.apply(offset++, command);
    }

    private void registerBrokers(int... ids) {
        for (int id : ids) {
            apply(new MetadataCommand.RegisterBroker(id, "127.0.0.1", 9000 + id));
        }
    }

    @Test
    void ignoresCommandsThatDoNotFitDeterministically() {
        Uuid id = Uuid.randomUuid();
        assertThat(apply(MetadataCommand.CreateTopic.of("t", id, List.of(List.of(1)), Map.of())).ignored()).isFalse();
        assertThat(apply(MetadataCommand.CreateTopic.of("t", Uuid.randomUuid(), List.of(List.of(1)), Map.of()))
                .ignored()).isTrue();
        assertThat(apply(MetadataCommand.CreateTopic.of("other", id, List.of(List.of(1)), Map.of())).ignored()).isTrue();
        assertThat(apply(new MetadataCommand.DeleteTopic(Uuid.randomUuid())).ignored()).isTrue();
        assertThat(apply(new MetadataCommand.AllocateProducerIds(0, 1000)).ignored()).isFalse();
        assertThat(apply(new MetadataCommand.AllocateProducerIds(500, 10)).ignored()).as("overlapping").isTrue();
        assertThat(apply(new MetadataCommand.CreatePartitions(id, 3, List.of(List.of(1)))).ignored())
                .as("1 + 1 is not 3").isTrue();
        assertThat(apply(new MetadataCommand.FenceBroker(9)).ignored()).as("unknown broker").isTrue();
        assertThat(state.topics()).hasSize(1);
        assertThat(state.nextProducerId()).isEqualTo(1000);
    }

    @Test
    void newPartitionsAreLedByTheirFirstLiveReplicaWithEveryReplicaInSync() {
        registerBrokers(1, 2, 3);
        apply(new MetadataCommand.FenceBroker(2));
        Uuid id = Uuid.randomUuid();
        Applied created = apply(MetadataCommand.CreateTopic.of("t", id, List.of(List.of(1, 2), List.of(2, 3)),
                Map.of()));

        assertThat(((Applied.TopicCreated) created).partitions()).containsExactly(
                assignment(id, 0, List.of(1, 2), OptionalInt.of(1), 0, 1, 2),
                assignment(id, 1, List.of(2, 3), OptionalInt.of(3), 0, 2, 3));
        Applied grown = apply(new MetadataCommand.CreatePartitions(id, 3, List.of(List.of(3, 1))));
        assertThat(((Applied.PartitionsCreated) grown).added()).containsExactly(
                assignment(id, 2, List.of(3, 1), OptionalInt.of(3), 0, 1, 3));
        assertThat(state.topic("t").orElseThrow().partitions()).isEqualTo(3);
        assertThat(apply(new MetadataCommand.CreatePartitions(id, 3, List.of(List.of(3, 1)))).ignored())
                .as("the same growth written twice grows once").isTrue();
    }

    @Test
    void fencingMovesLeadershipWithinTheIsrAndNeverElectsUncleanly() {
        registerBrokers(1, 2, 3);
        Uuid id = Uuid.randomUuid();
        apply(MetadataCommand.CreateTopic.of("t", id, List.of(List.of(1, 2, 3), List.of(2, 1), List.of(1)), Map.of()));

        Applied fenced = apply(new MetadataCommand.FenceBroker(1));

        assertThat(((Applied.BrokerFencing) fenced).broker().fenced()).isTrue();
        assertThat(((Applied.BrokerFencing) fenced).changed()).containsExactly(
                assignment(id, 0, List.of(1, 2, 3), OptionalInt.of(2), 1, 2, 3),
                assignment(id, 1, List.of(2, 1), OptionalInt.of(2), 0, 2),
                assignment(id, 2, List.of(1), OptionalInt.empty(), 1, 1));
        assertThat(state.liveBrokers()).extracting(BrokerRegistration::nodeId).containsExactly(2, 3);

        Applied unfenced = apply(new MetadataCommand.UnfenceBroker(1));
        assertThat(((Applied.BrokerFencing) unfenced).changed())
                .as("only the partition whose last in-sync replica came back gets it as leader")
                .containsExactly(assignment(id, 2, List.of(1), OptionalInt.of(1), 2, 1));
    }

    @Test
    void partitionChangesNeverGoBackInEpochAndStayAmongReplicas() {
        registerBrokers(1, 2);
        Uuid id = Uuid.randomUuid();
        apply(MetadataCommand.CreateTopic.of("t", id, List.of(List.of(1, 2)), Map.of()));

        Applied shrunk = apply(new MetadataCommand.ChangePartition(id, 0, OptionalInt.of(1), 0, new TreeSet<>(List.of(1))));
        assertThat(shrunk).isEqualTo(new Applied.PartitionChanged(assignment(id, 0, List.of(1, 2), OptionalInt.of(1), 0,
                1)));
        apply(new MetadataCommand.ChangePartition(id, 0, OptionalInt.of(1), 3, new TreeSet<>(List.of(1, 2))));
        assertThat(apply(new MetadataCommand.ChangePartition(id, 0, OptionalInt.of(1), 2, new TreeSet<>(List.of(1))))
                .ignored()).as("an older epoch").isTrue();
        assertThat(apply(new MetadataCommand.ChangePartition(id, 0, OptionalInt.of(1), 4,
                new TreeSet<>(List.of(1, 5)))).ignored()).as("5 is no replica").isTrue();
        assertThat(state.assignment(id, 0).orElseThrow().leaderEpoch()).isEqualTo(3);
    }

    @Test
    void theDigestIsTheSameForTheSameCommandsAndChangesWithTheState() {
        List<MetadataCommand> commands = List.of(new MetadataCommand.RegisterBroker(1, "h", 1),
                MetadataCommand.CreateTopic.of("a", new Uuid(1, 1), List.of(List.of(1)), Map.of("x", "y")),
                new MetadataCommand.AllocateProducerIds(0, 10),
                new MetadataCommand.AdvanceLogStart(new Uuid(1, 1), 0, 5),
                new MetadataCommand.AlterTopicConfigs(new Uuid(1, 1), new TreeMap<>(Map.of("x", "z"))));
        MetadataStateMachine other = new MetadataStateMachine();
        long otherOffset = 100; // offsets differ (e.g. other leader-change entries); the state does not
        for (MetadataCommand command : commands) {
            apply(command);
            other.apply(otherOffset, command);
            otherOffset += 2;
        }
        assertThat(state.digest()).hasSize(64).isEqualTo(other.digest());

        apply(new MetadataCommand.FenceBroker(1));
        assertThat(state.digest()).isNotEqualTo(other.digest());
    }

    private static PartitionAssignment assignment(Uuid id, int partition, List<Integer> replicas, OptionalInt leader,
                                                  int epoch, Integer... isr) {
        return new PartitionAssignment(id, "t", partition, replicas, leader, epoch, new TreeSet<>(List.of(isr)));
    }
}
