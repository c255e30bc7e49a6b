package io.chronik.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void distanceCountsSingleCharacterEdits() {
        assertThat(Suggestions.distance("kafka.listener", "kafka.listener")).isZero();
        assertThat(Suggestions.distance("kafka.listner", "kafka.listener")).isEqualTo(1);
        assertThat(Suggestions.distance("node.idd", "node.id")).isEqualTo(1);
        assertThat(Suggestions.distance("nod.ix", "node.id")).isEqualTo(2);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void suggestsOnlyCloseNames() {
        List<String> keys = List.of("node.id", "data.dir", "kafka.listener");

        assertThat(Suggestions.closest("data.dri", keys)).contains("data.dir");
        assertThat(Suggestions.closest("replication.listener", keys)).isEmpty();
        assertThat(Suggestions.hint("node.idd", keys)).isEqualTo("; did you mean node.id?");
        assertThat(Suggestions.hint("zzz", keys)).isEmpty();
    }
}
