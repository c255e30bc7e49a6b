package io.chronik.core.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The stored form of {@code __consumer_offsets} records of format version 0, kept as hex under
 * {@code src/test/resources/golden/}: this build must decode it to the same records and still encode
 * them byte for byte (a format change needs a new version and a new golden file, never an edit).
 */
class GroupRecordGoldenTest {

    private static final String V0 = "/golden/group-records-v0.txt";

    private static final List<GroupRecord> RECORDS = List.of(
            new GroupRecord.OffsetCommit("payments", "orders", 7,
                    new CommittedOffset(123_456_789_012L, Optional.of(5), "checkpoint", 1_700_000_000_123L)),
            new GroupRecord.OffsetCommit("payments", "orders", 8,
                    new CommittedOffset(0, Optional.empty(), "", 1_700_000_000_124L)),
            new GroupRecord.OffsetTombstone("payments", "orders", 7),
            new GroupRecord.GroupMetadata("payments", new StoredGroup("consumer", 42, Optional.of("range"),
                    Optional.of("m-1"), List.of(
                            new StoredMember("m-1", Optional.of("instance-a"), "client-a", "/10.0.0.1", 300_000, 45_000,
                                    new byte[] {1, 2, 3}, new byte[] {4, 5}),
                            new StoredMember("m-2", Optional.empty(), "client-b", "", 60_000, 10_000,
                                    new byte[0], new byte[0])))),
            new GroupRecord.GroupMetadata("idle", new StoredGroup("consumer", 3, Optional.empty(), Optional.empty(),
                    List.of())),
            new GroupRecord.GroupTombstone("payments"));

    private static List<String> goldenLines() throws IOException {
        try (InputStream in = GroupRecordGoldenTest.class.getResourceAsStream(V0)) {
            assertThat(in).as(V0).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
        }
    }

    private static String hex(ByteBuffer bytes) {
        byte[] array = new byte[bytes.remaining()];
        bytes.duplicate().get(array);
        return HexFormat.of().formatHex(array);
    }

    @Test
    void version0IsStillWrittenByteForByte() throws IOException {
        List<String> encoded = RECORDS.stream().map(GroupRecordCodec::encode)
                .map(e -> hex(e.key()) + " " + e.value().map(GroupRecordGoldenTest::hex).orElse("-"))
                .toList();

        assertThat(encoded).isEqualTo(goldenLines());
    }

    @Test
    void version0IsStillRead() throws IOException {
        List<String> lines = goldenLines();
        assertThat(lines).hasSameSizeAs(RECORDS);
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(" ");
            Optional<ByteBuffer> value = fields[1].equals("-") ? Optional.empty()
                    : Optional.of(ByteBuffer.wrap(HexFormat.of().parseHex(fields[1])));
            GroupRecord decoded = GroupRecordCodec.decode(ByteBuffer.wrap(HexFormat.of().parseHex(fields[0])), value);
            assertThat(decoded).as("line %d", i).usingRecursiveComparison().isEqualTo(RECORDS.get(i));
        }
    }
}
