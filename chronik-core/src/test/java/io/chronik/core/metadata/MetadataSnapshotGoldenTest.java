package io.chronik.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * The metadata snapshot of format version 1, kept as hex under {@code src/test/resources/golden/}:
 * this build must restore it to the same state and still write that state byte for byte (a format
 * change needs a new version and a new golden file, never an edit).
 */
class MetadataSnapshotGoldenTest {

    private static final String V1 = "/golden/metadata-snapshot-v1.txt";
    private static final Uuid ORDERS = new Uuid(0x0123456789abcdefL, 0x0fedcba987654321L);
    private static final Uuid AUDIT = new Uuid(42L, 4242L);

    /**
     * Brokers (one fenced), two topics with configs, a leader change, a shrunk ISR, a log start, producer
     * ids, a reassignment in progress.
     */
    static MetadataStateMachine state() {
        MetadataStateMachine state = new MetadataStateMachine();
        List<MetadataCommand> commands = List.of(
                new MetadataCommand.RegisterBroker(1, "10.0.0.1", 9092),
                new MetadataCommand.RegisterBroker(2, "10.0.0.2", 9092),
                new MetadataCommand.RegisterBroker(3, "broker-three.example", 19092),
                MetadataCommand.CreateTopic.of("orders", ORDERS, List.of(List.of(1, 2, 3), List.of(2, 3, 1)),
                        Map.of("retention.ms", "86400000", "cleanup.policy", "delete")),
                MetadataCommand.CreateTopic.of("audit", AUDIT, List.of(List.of(3)), Map.of()),
                new MetadataCommand.FenceBroker(2),
                new MetadataCommand.ChangePartition(ORDERS, 0, OptionalInt.of(1), 0, new TreeSet<>(List.of(1, 3))),
                new MetadataCommand.AdvanceLogStart(AUDIT, 0, 1234),
                new MetadataCommand.AllocateProducerIds(0, 1000),
                new MetadataCommand.ReassignPartition(ORDERS, 0, List.of(3, 2)));
        for (int i = 0; i < commands.size(); i++) {
            state.apply(i, commands.get(i));
        }
        return state;
    }

    private static String golden() throws IOException {
        try (InputStream in = MetadataSnapshotGoldenTest.class.getResourceAsStream(V1)) {
            assertThat(in).as(V1).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#")).collect(Collectors.joining()).strip();
        }
    }

    private static String hex(ByteBuffer bytes) {
        byte[] array = new byte[bytes.remaining()];
        bytes.duplicate().get(array);
        return HexFormat.of().formatHex(array);
    }

    @Test
    void version1IsStillWrittenByteForByte() throws IOException {
        assertThat(hex(MetadataSnapshotCodec.encode(state().image()))).isEqualTo(golden());
    }

    @Test
    void version1RestoresTheSameState() throws IOException {
        MetadataStateMachine restored = new MetadataStateMachine();
        restored.restore(MetadataSnapshotCodec.decode(ByteBuffer.wrap(HexFormat.of().parseHex(golden()))));

        assertThat(restored.digest()).isEqualTo(state().digest());
        assertThat(restored.lastAppliedOffset()).isEqualTo(9);
        assertThat(restored.topic("orders").orElseThrow().configs())
                .isEqualTo(new TreeMap<>(Map.of("retention.ms", "86400000", "cleanup.policy", "delete")));
        assertThat(restored.broker(2).orElseThrow().fenced()).isTrue();
        assertThat(restored.logStartOffset(AUDIT, 0)).isEqualTo(1234);
        assertThat(restored.nextProducerId()).isEqualTo(1000);
        assertThat(restored.reassignment(ORDERS, 0)).hasValueSatisfying(r -> assertThat(r.target())
                .containsExactly(3, 2));
    }
}
