package io.chronik.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class MetadataCommandCodecTest {

    private static final Uuid ID = new Uuid(0x0102030405060708L, 0x1112131415161718L);

    @Test
    void roundTripsEveryCommand() {
        MetadataCommand create = MetadataCommand.CreateTopic.of("orders", ID, 3,
                Map.of("retention.ms", "1000", "cleanup.policy", "compact"));
        MetadataCommand delete = new MetadataCommand.DeleteTopic(ID);

        assertThat(MetadataCommandCodec.decode(MetadataCommandCodec.encode(create))).isEqualTo(create);
        assertThat(MetadataCommandCodec.decode(MetadataCommandCodec.encode(delete))).isEqualTo(delete);
        for (MetadataCommand command : new MetadataCommand[] {
                new MetadataCommand.AllocateProducerIds(5000, 1000),
                new MetadataCommand.AlterTopicConfigs(ID, new TreeMap<>(Map.of("retention.ms", "5"))),
                new MetadataCommand.CreatePartitions(ID, 7),
                new MetadataCommand.AdvanceLogStart(ID, 2, 123_456_789_012L)}) {
            assertThat(MetadataCommandCodec.decode(MetadataCommandCodec.encode(command))).isEqualTo(command);
        }
    }

    /** The commands added to format version 1 after the first two, pinned byte for byte. */
    @Test
    void encodesTheProducerConfigPartitionAndLogStartCommandsStably() {
        String id = "0102030405060708" + "1112131415161718";
        assertThat(MetadataCommandCodec.encode(new MetadataCommand.AllocateProducerIds(0x0A, 3)))
                .isEqualTo(hex("0103" + "000000000000000a" + "00000003"));
        assertThat(MetadataCommandCodec.encode(new MetadataCommand.AlterTopicConfigs(ID,
                new TreeMap<>(Map.of("k", "v"))))).isEqualTo(hex("0104" + id + "00000001" + "00000001" + "6b"
                + "00000001" + "76"));
        assertThat(MetadataCommandCodec.encode(new MetadataCommand.CreatePartitions(ID, 4)))
                .isEqualTo(hex("0105" + id + "00000004"));
        assertThat(MetadataCommandCodec.encode(new MetadataCommand.AdvanceLogStart(ID, 1, 9)))
                .isEqualTo(hex("0106" + id + "00000001" + "0000000000000009"));
    }

    /** Format version 1 is on disk from now on: these bytes must keep decoding to the same commands. */
    @Test
    void decodesTheVersionOneGoldenBytes() {
        String createHex = "0101" + "0102030405060708" + "1112131415161718" + "00000002"
                + "00000001" + "74" + "00000001" + "00000001" + "6b" + "00000001" + "76";
        String deleteHex = "0102" + "0102030405060708" + "1112131415161718";

        assertThat(MetadataCommandCodec.decode(hex(createHex)))
                .isEqualTo(MetadataCommand.CreateTopic.of("t", ID, 2, Map.of("k", "v")));
        assertThat(MetadataCommandCodec.decode(hex(deleteHex))).isEqualTo(new MetadataCommand.DeleteTopic(ID));
        assertThat(MetadataCommandCodec.encode(MetadataCommand.CreateTopic.of("t", ID, 2, Map.of("k", "v"))))
                .isEqualTo(hex(createHex));
    }

    @Test
    void rejectsUnknownVersionsTypesAndTruncation() {
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("0201")))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("0109")))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("type 9");
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("01020102")))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> MetadataCommandCodec.decode(hex("0102" + "00".repeat(16) + "ff")))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("unexpected bytes");
    }

    private static ByteBuffer hex(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }
}
