package io.chronik.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.core.metadata.MetadataStateMachine.Applied;
import io.chronik.testkit.wal.MemoryWal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
}
