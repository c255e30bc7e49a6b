package io.chronik.console.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The console's request values check their input and name what is wrong; value formats render bytes. */
class RequestValuesTest {

    @Test
    void valueFormatsRenderTextJsonAndHex() {
        byte[] json = "{\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8);
        assertThat(ValueFormat.TEXT.render(json)).isEqualTo("{\"a\":[1,2]}");
        assertThat(ValueFormat.JSON.render(json)).contains("\"a\" : [ 1, 2 ]").contains("\n");
        assertThat(ValueFormat.JSON.render("not json".getBytes(StandardCharsets.UTF_8))).isEqualTo("not json");
        assertThat(ValueFormat.HEX.render(new byte[] {0, 15, (byte) 255})).isEqualTo("00 0f ff");
        assertThat(ValueFormat.parse(" Hex ")).isEqualTo(ValueFormat.HEX);
        assertThatThrownBy(() -> ValueFormat.parse("xml")).isInstanceOf(ConsoleRequestException.class)
                .hasMessageContaining("'xml'");
    }

    @Test
    void browseStartsParseWithTheirValues() {
        assertThat(BrowseStart.parse("earliest", null)).isEqualTo(BrowseStart.earliest());
        assertThat(BrowseStart.parse("LATEST", "7")).isEqualTo(BrowseStart.latest());
        assertThat(BrowseStart.parse("offset", " 42 ")).isEqualTo(new BrowseStart(BrowseStart.Mode.OFFSET, 42));
        assertThat(BrowseStart.parse("timestamp", "1700000000000").value()).isEqualTo(1_700_000_000_000L);
        assertThatThrownBy(() -> BrowseStart.parse("offset", null)).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BrowseStart.parse("offset", "x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> BrowseStart.parse("offset", "-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> BrowseStart.parse("middle", null)).hasMessageContaining("'middle'");
    }

    @Test
    void newTopicsAreCheckedBeforeTheyReachTheNode() {
        NewTopic fine = new NewTopic("orders.v1_x-y", OptionalInt.of(3), OptionalInt.empty(), Map.of("a", "b"));
        assertThat(fine.validate()).isSameAs(fine);
        assertThatThrownBy(() -> new NewTopic("a/b", OptionalInt.empty(), OptionalInt.empty(), Map.of()).validate())
                .isInstanceOf(ConsoleRequestException.class).hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> new NewTopic("..", OptionalInt.empty(), OptionalInt.empty(), Map.of()).validate())
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> new NewTopic("t", OptionalInt.of(0), OptionalInt.empty(), Map.of()).validate())
                .hasMessageContaining("partitions must be 1 to 10000, not 0");
        assertThatThrownBy(() -> new NewTopic("t", OptionalInt.empty(), OptionalInt.of(33), Map.of()).validate())
                .hasMessageContaining("replicationFactor must be 1 to 32, not 33");
        assertThatThrownBy(() -> new NewTopic("t", OptionalInt.empty(), OptionalInt.empty(), Map.of(" ", "v")).validate())
                .hasMessageContaining("needs a name");
    }

    @Test
    void outgoingMessagesAreBounded() {
        OutgoingMessage fine = new OutgoingMessage(OptionalInt.empty(), Optional.of("k"), Optional.empty(), Map.of("h", "v"));
        assertThat(fine.validate()).isSameAs(fine);
        assertThatThrownBy(() -> new OutgoingMessage(OptionalInt.of(-1), Optional.empty(), Optional.of("v"), Map.of())
                .validate()).hasMessageContaining("partition must not be negative");
        String big = "x".repeat(OutgoingMessage.MAX_BYTES);
        assertThatThrownBy(() -> new OutgoingMessage(OptionalInt.empty(), Optional.of("k"), Optional.of(big), Map.of())
                .validate()).hasMessageContaining("at most " + OutgoingMessage.MAX_BYTES);
        assertThatThrownBy(() -> new OutgoingMessage(OptionalInt.empty(), Optional.empty(), Optional.of("v"),
                Map.of("", "v")).validate()).hasMessageContaining("header");
    }
}
