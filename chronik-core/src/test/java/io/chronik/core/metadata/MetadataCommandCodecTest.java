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
                new MetadataCommand.ChangePartition(ID, 4, OptionalInt.empty(), 10, new TreeSet<>(List.of(3))),
                new MetadataCommand.ReassignPartition(ID, 3, List.of(5, 2, 9)),
                new MetadataCommand.CancelReassignment(ID, 3)}) {
            ByteBuffer encoded = MetadataCommandCodec.encode(command, WRITTEN_AT);
            assertThat(MetadataCommandCodec.decode(encoded)).isEqualTo(command);
            assertThat(MetadataCommandCodec.writtenAt(encoded)).isEqualTo(WRITTEN_AT);
        }
    }

    /** Format version 3 is what older nodes wrote to the metadata log: it must keep decoding to the same commands. */
    @Test
    void decodesFormatVersionThree() {
        String createHex = "0301" + WRITTEN_HEX + ID_HEX + "00000001" + "74" + "00000001" + "00000001" + "6b"
                + "00000001" + "76" + "00000002" + "00000002" + "00000001" + "00000002" + "00000001" + "00000003";
        assertThat(MetadataCommandCodec.decode(hex(createHex))).isEqualTo(MetadataCommand.CreateTopic.of("t", ID,
                List.of(List.of(1, 2), List.of(3)), Map.of("k", "v")));
        assertThat(MetadataCommandCodec.writtenAt(hex(createHex))).isEqualTo(WRITTEN_AT);
        assertThat(MetadataCommandCodec.decode(hex("0307" + WRITTEN_HEX + "00000003" + "00002384" + "00000001" + "68")))
                .isEqualTo(new MetadataCommand.RegisterBroker(3, "h", 9092));
        assertThat(MetadataCommandCodec.decode(hex("030a" + WRITTEN_HEX + ID_HEX + "00000001" + "ffffffff" + "00000005"
                + "00000001" + "00000002"))).isEqualTo(new MetadataCommand.ChangePartition(ID, 1, OptionalInt.empty(), 5,
                new TreeSet<>(List.of(2))));
        assertThat(MetadataCommandCodec.decode(hex("0308" + WRITTEN_HEX + "00000004")))
                .isEqualTo(new MetadataCommand.FenceBroker(4));
        assertThat(MetadataCommandCodec.decode(hex("0306" + WRITTEN_HEX + ID_HEX + "00000001" + "0000000000000009")))
                .isEqualTo(new MetadataCommand.AdvanceLogStart(ID, 1, 9));
    }

    /** Format version 4 is what the metadata log stores now: these bytes must keep decoding to the same commands. */
    @Test
    void encodesFormatVersionFourStably() {
        assertStable(MetadataCommand.CreateTopic.of("t", ID, List.of(List.of(1, 2), List.of(3)), Map.of("k", "v")),
                "0401" + WRITTEN_HEX + ID_HEX + "00000001" + "74" + "00000001" + "00000001" + "6b" + "00000001" + "76"
                        + "00000002" + "00000002" + "00000001" + "00000002" + "00000001" + "00000003");
        assertStable(new MetadataCommand.ChangePartition(ID, 1, OptionalInt.empty(), 5, new TreeSet<>(List.of(2))),
                "040a" + WRITTEN_HEX + ID_HEX + "00000001" + "ffffffff" + "00000005" + "00000001" + "00000002");
        assertStable(new MetadataCommand.ReassignPartition(ID, 2, List.of(4, 1)),
                "040b" + WRITTEN_HEX + ID_HEX + "00000002" + "00000002" + "00000004" + "00000001");
        assertStable(new MetadataCommand.CancelReassignment(ID, 2), "040c" + WRITTEN_HEX + ID_HEX + "00000002");
    }

    private static void assertStable(MetadataCommand command, String hex) {
        assertThat(MetadataCommandCodec.encode(command, WRITTEN_AT)).isEqualTo(hex(hex));
        assertThat(MetadataCommandCodec.decode(hex(hex))).isEqualTo(command);
    }

    @Test
    void rejectsOtherVersionsUnknownTypesTruncationAndBadAssignments() {
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("0201")))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("0501")))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("version 5");
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("030c" + WRITTEN_HEX + ID_HEX + "00000002")))
                .as("a reassignment command in a version that had none")
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("needs format version 4");
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("040b" + WRITTEN_HEX + ID_HEX + "00000002"
                + "00000000"))).as("an empty target").isInstanceOf(MetadataFormatException.class)
                .hasMessageContaining("at least one");
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
