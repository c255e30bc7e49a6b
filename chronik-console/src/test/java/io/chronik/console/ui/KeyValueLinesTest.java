package io.chronik.console.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyValueLinesTest {

    @Test
    void parsesLinesInOrderSkippingBlankOnes() {
        assertThat(KeyValueLines.parse(" retention.ms = 1000 \n\r\ncleanup.policy=delete\nempty=\nurl=a=b").entrySet())
                .extracting(e -> e.getKey() + "|" + e.getValue())
                .isEqualTo(List.of("retention.ms|1000", "cleanup.policy|delete", "empty|", "url|a=b"));
        assertThat(KeyValueLines.parse("")).isEmpty();
    }

    @Test
    void namesTheLineThatIsNotKeyValue() {
        assertThatThrownBy(() -> KeyValueLines.parse("a=1\nno equals sign")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2 'no equals sign'");
        assertThatThrownBy(() -> KeyValueLines.parse("=v")).hasMessageContaining("line 1");
    }

    @Test
    void sizesUseBinaryUnits() {
        assertThat(Formats.bytes(0)).isEqualTo("0 B");
        assertThat(Formats.bytes(1023)).isEqualTo("1023 B");
        assertThat(Formats.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Formats.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
        assertThat(Formats.time(0)).isEqualTo("1970-01-01 00:00:00.000 UTC");
    }
}
