package io.chronik.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class MetadataOperationCodecTest {

    private static final Uuid ID = new Uuid(0x0102030405060708L, 0x1112131415161718L);

    @Test
    void roundTripsEveryOperation() {
        for (MetadataOperation operation : new MetadataOperation[] {
                new MetadataOperation.CreateTopic("orders", 3, 2, List.of(), new TreeMap<>(Map.of("k", "v")), false),
                new MetadataOperation.CreateTopic("manual", -1, -1, List.of(List.of(3, 1), List.of(1, 2)),
                        new TreeMap<>(), true),
                new MetadataOperation.DeleteTopic(ID),
                new MetadataOperation.CreatePartitions("orders", 9, true),
                new MetadataOperation.AlterConfigs(ID, new TreeMap<>(Map.of("retention.ms", "1")), false),
                new MetadataOperation.AllocateProducerIds(1000),
                new MetadataOperation.AdvanceLogStart(ID, 4, 77),
                new MetadataOperation.RegisterBroker(2, "127.0.0.1", 9092),
                new MetadataOperation.BrokerHeartbeat(2),
                new MetadataOperation.BrokerShutdown(3),
                new MetadataOperation.AlterIsr(ID, 1, 3, 7, new TreeSet<>(List.of(1, 3))),
                new MetadataOperation.ReassignPartition("orders", 2, Optional.of(List.of(4, 1, 3)), false),
                new MetadataOperation.ReassignPartition("orders", 0, Optional.empty(), true)}) {
            assertThat(MetadataOperationCodec.decodeRequest(MetadataOperationCodec.encodeRequest(operation)))
                    .isEqualTo(operation);
        }
        assertThat(MetadataOperationCodec.decodeRequest(MetadataOperationCodec.encodeRequest(
                new MetadataOperation.CreateTopic("m", -1, -1, List.of(List.of(3, 1)), new TreeMap<>(), false))))
                .extracting(op -> ((MetadataOperation.CreateTopic) op).assignment())
                .as("replica order is the preferred-leader order and survives").isEqualTo(List.of(List.of(3, 1)));
    }

    @Test
    void encodesResponsesStably() {
        OperationResult ok = new OperationResult(Errors.NONE, Optional.empty(), 5, 1000);
        OperationResult failed = OperationResult.failed(Errors.NOT_CONTROLLER, "x");
        assertThat(MetadataOperationCodec.encodeResponse(ok)).isEqualTo(hex("01" + "0000" + "0000000000000005"
                + "00000000000003e8" + "ffffffff"));
        assertThat(MetadataOperationCodec.encodeResponse(failed)).isEqualTo(hex("01" + "0029" + "ffffffffffffffff"
                + "0000000000000000" + "00000001" + "78"));
        assertThat(MetadataOperationCodec.decodeResponse(MetadataOperationCodec.encodeResponse(ok))).isEqualTo(ok);
        assertThat(MetadataOperationCodec.decodeResponse(MetadataOperationCodec.encodeResponse(failed)))
                .isEqualTo(failed);
        assertThat(MetadataOperationCodec.encodeRequest(new MetadataOperation.BrokerHeartbeat(2)))
                .isEqualTo(hex("0108" + "00000002"));
        assertThat(MetadataOperationCodec.encodeRequest(new MetadataOperation.BrokerShutdown(3)))
                .isEqualTo(hex("010a" + "00000003"));
    }

    @Test
    void refusesMalformedEnvelopesNamingTheProblem() {
        assertThatThrownBy(() -> MetadataOperationCodec.decodeRequest(hex("0208")))
                .isInstanceOf(PeerFormatException.class).hasMessageContaining("format version 2");
        assertThatThrownBy(() -> MetadataOperationCodec.decodeRequest(hex("0163")))
                .isInstanceOf(PeerFormatException.class).hasMessageContaining("type 99");
        assertThatThrownBy(() -> MetadataOperationCodec.decodeRequest(hex("010800")))
                .isInstanceOf(PeerFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> MetadataOperationCodec.decodeRequest(hex("0108" + "00000002" + "00")))
                .isInstanceOf(PeerFormatException.class).hasMessageContaining("unexpected bytes");
        assertThatThrownBy(() -> MetadataOperationCodec.decodeRequest(hex("0103" + "00" + "00000001" + "7fffffff")))
                .isInstanceOf(PeerFormatException.class).hasMessageContaining("string length");
        assertThatThrownBy(() -> MetadataOperationCodec.decodeResponse(hex("01" + "0000")))
                .isInstanceOf(PeerFormatException.class).hasMessageContaining("truncated");
    }

    private static ByteBuffer hex(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }
}
