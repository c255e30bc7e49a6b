package io.chronik.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class MetadataCommandCodecTest {

    private static final long WRITTEN_AT = 0x0000019ac0ffee00L;
    private static final String WRITTEN_HEX = "0000019ac0ffee00";

    private static final Uuid ID = new Uuid(0x0102030405060708L, 0x1112131415161718L);
    private static final String ID_HEX = "0102030405060708" + "1112131415161718";

    @Test
    void roundTripsEveryCommand() {
        for (MetadataCommand command : new MetadataCommand[] {
                MetadataCommand.CreateTopic.of("orders", ID, List.of(List.of(1, 2), List.of(2, 3), List.of(3, 1)),
                        Map.of("retention.ms", "1000", "cleanup.policy", "compact")),
                new MetadataCommand.DeleteTopic(ID),
                new MetadataCommand.AllocateProducerIds(5000, 1000),
                new MetadataCommand.AlterTopicConfigs(ID, new TreeMap<>(Map.of("retention.ms", "5"))),
                new MetadataCommand.CreatePartitions(ID, 7, List.of(List.of(1), List.of(2))),
                new MetadataCommand.AdvanceLogStart(ID, 2, 123_456_789_012L),
                new MetadataCommand.RegisterBroker(3, "broker-3.example", 19092),
                new MetadataCommand.FenceBroker(2),
                new MetadataCommand.UnfenceBroker(2),
                new MetadataCommand.ChangePartition(ID, 4, OptionalInt.of(3), 9, new TreeSet<>(List.of(1, 3))),
                new MetadataCommand.ChangePartition(ID, 4, OptionalInt.empty(), 10, new TreeSet<>(List.of(3)))}) {
            ByteBuffer encoded = MetadataCommandCodec.encode(command, WRITTEN_AT);
            assertThat(MetadataCommandCodec.decode(encoded)).isEqualTo(command);
            assertThat(MetadataCommandCodec.writtenAt(encoded)).isEqualTo(WRITTEN_AT);
        }
    }

    /** Format version 3 is what the metadata log stores: these bytes must keep decoding to the same commands. */
    @Test
    void encodesFormatVersionThreeStably() {
        String createHex = "0301" + WRITTEN_HEX + ID_HEX + "00000001" + "74" + "00000001" + "00000001" + "6b"
                + "00000001" + "76" + "00000002" + "00000002" + "00000001" + "00000002" + "00000001" + "00000003";
        MetadataCommand create = MetadataCommand.CreateTopic.of("t", ID, List.of(List.of(1, 2), List.of(3)),
                Map.of("k", "v"));
        assertThat(MetadataCommandCodec.encode(create, WRITTEN_AT)).isEqualTo(hex(createHex));
        assertThat(MetadataCommandCodec.decode(hex(createHex))).isEqualTo(create);
        assertThat(MetadataCommandCodec.encode(new MetadataCommand.RegisterBroker(3, "h", 9092), WRITTEN_AT))
                .isEqualTo(hex("0307" + WRITTEN_HEX + "00000003" + "00002384" + "00000001" + "68"));
        assertThat(MetadataCommandCodec.encode(new MetadataCommand.ChangePartition(ID, 1, OptionalInt.empty(), 5,
                new TreeSet<>(List.of(2))), WRITTEN_AT)).isEqualTo(hex("030a" + WRITTEN_HEX + ID_HEX + "00000001"
                + "ffffffff" + "00000005" + "00000001" + "00000002"));
        assertThat(MetadataCommandCodec.encode(new MetadataCommand.FenceBroker(4), WRITTEN_AT))
                .isEqualTo(hex("0308" + WRITTEN_HEX + "00000004"));
        assertThat(MetadataCommandCodec.encode(new MetadataCommand.AdvanceLogStart(ID, 1, 9), WRITTEN_AT))
                .isEqualTo(hex("0306" + WRITTEN_HEX + ID_HEX + "00000001" + "0000000000000009"));
    }

    @Test
    void rejectsOtherVersionsUnknownTypesTruncationAndBadAssignments() {
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("0201")))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> MetadataCommandCodec.writtenAt(hex("0301")))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("0319" + WRITTEN_HEX)))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("type 25");
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("0302" + WRITTEN_HEX + "0102")))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("0302" + WRITTEN_HEX + "00".repeat(16) + "ff")))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("unexpected bytes");
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("0305" + WRITTEN_HEX + ID_HEX + "00000002" + "00000001"
                + "00000002" + "00000001" + "00000001")))
                .as("a replica listed twice").isInstanceOf(MetadataFormatException.class)
                .hasMessageContaining("none twice");
    }

    private static ByteBuffer hex(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }
}
