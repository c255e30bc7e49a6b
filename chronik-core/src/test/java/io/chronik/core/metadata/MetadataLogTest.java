package io.chronik.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.core.metadata.MetadataStateMachine.Applied;
import io.chronik.testkit.wal.MemoryWal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class MetadataLogTest {

    private final MemoryWal.Storage storage = new MemoryWal.Storage();

    @Test
    void appliesWritesAndReplaysThemAfterARestart() {
        List<Applied> effects = new ArrayList<>();
        MetadataLog log = MetadataLog.open(new MemoryWal(storage, 1 << 16), effects::add);
        Uuid a = Uuid.randomUuid();
        Uuid b = Uuid.randomUuid();

        log.write(MetadataCommand.CreateTopic.of("a", a, 1, Map.of()));
        log.write(MetadataCommand.CreateTopic.of("b", b, 4, Map.of("x", "y")));
        log.write(new MetadataCommand.DeleteTopic(a));

        assertThat(effects).hasSize(3);
        assertThat(log.state().topics()).extracting(TopicInfo::name).containsExactly("b");

        List<Applied> replayed = new ArrayList<>();
        MetadataLog reopened = MetadataLog.open(new MemoryWal(storage, 1 << 16), replayed::add);

        assertThat(replayed).isEqualTo(effects);
        assertThat(reopened.state().topics()).containsExactly(new TopicInfo("b", b, 4, new java.util.TreeMap<>(Map.of("x", "y"))));
        assertThat(reopened.state().lastAppliedOffset()).isEqualTo(2);
        reopened.write(new MetadataCommand.DeleteTopic(b));
        assertThat(reopened.state().topics()).isEmpty();
    }

    @Test
    void stateMachineIgnoresCommandsThatDoNotFitDeterministically() {
        MetadataStateMachine state = new MetadataStateMachine();
        Uuid id = Uuid.randomUuid();

        assertThat(state.apply(0, MetadataCommand.CreateTopic.of("t", id, 1, Map.of())).ignored()).isFalse();
        assertThat(state.apply(1, MetadataCommand.CreateTopic.of("t", Uuid.randomUuid(), 1, Map.of())).ignored())
                .isTrue();
        assertThat(state.apply(2, MetadataCommand.CreateTopic.of("other", id, 1, Map.of())).ignored()).isTrue();
        assertThat(state.apply(3, new MetadataCommand.DeleteTopic(Uuid.randomUuid())).ignored()).isTrue();
        assertThat(state.topic("t")).isPresent();
        assertThat(state.topic(id)).isPresent();
        assertThat(state.topics()).hasSize(1);
    }

    @Test
    void producerIdBlocksConfigsPartitionsAndLogStartsSurviveReplay() {
        MetadataLog log = MetadataLog.open(new MemoryWal(storage, 1 << 16), applied -> { });
        Uuid id = Uuid.randomUuid();
        log.write(MetadataCommand.CreateTopic.of("t", id, 2, Map.of("retention.ms", "1")));
        log.write(new MetadataCommand.AllocateProducerIds(0, 1000));
        log.write(new MetadataCommand.AllocateProducerIds(1000, 1000));
        log.write(new MetadataCommand.AlterTopicConfigs(id, new TreeMap<>(Map.of("retention.bytes", "10"))));
        Applied grown = log.write(new MetadataCommand.CreatePartitions(id, 5));
        log.write(new MetadataCommand.AdvanceLogStart(id, 4, 77));
        Applied backwards = log.write(new MetadataCommand.AdvanceLogStart(id, 4, 10));

        MetadataStateMachine state = MetadataLog.open(new MemoryWal(storage, 1 << 16), applied -> { }).state();

        assertThat(grown).isEqualTo(new Applied.PartitionsCreated(new TopicInfo("t", id, 5,
                new TreeMap<>(Map.of("retention.bytes", "10"))), 2));
        assertThat(backwards).isEqualTo(new Applied.LogStartAdvanced(state.topic(id).orElseThrow(), 4, 77));
        assertThat(state.nextProducerId()).isEqualTo(2000);
        assertThat(state.topic("t").orElseThrow().partitions()).isEqualTo(5);
        assertThat(state.topic("t").orElseThrow().configs()).containsExactly(Map.entry("retention.bytes", "10"));
        assertThat(state.logStartOffset(id, 4)).isEqualTo(77);
        assertThat(state.logStartOffset(id, 0)).isZero();
        assertThat(state.apply(100, new MetadataCommand.AllocateProducerIds(1500, 10)).ignored())
                .as("an overlapping block is refused").isTrue();
        assertThat(state.apply(101, new MetadataCommand.CreatePartitions(id, 3)).ignored())
                .as("partitions never shrink").isTrue();
    }
}
