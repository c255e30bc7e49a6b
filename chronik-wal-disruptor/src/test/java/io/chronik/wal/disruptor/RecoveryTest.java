package io.chronik.wal.disruptor;

import static io.chronik.wal.disruptor.WalFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.wal.RecoveryReport;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalCorruptionException;
import io.chronik.spi.wal.WalLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecoveryTest {

    @TempDir
    Path dir;

    /** Writes records 0..count-1 ("record-i") to log "p" and returns its only segment file. */
    private Path writeRecords(int count) throws Exception {
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            for (int i = 0; i < count; i++) {
                log.append(i, text("record-" + i));
            }
            log.append(count, text("record-" + count)).get(10, TimeUnit.SECONDS);
            log.truncateAfter(count - 1).get(10, TimeUnit.SECONDS);
        }
        return dir.resolve("p").resolve(SegmentFormat.fileName(0));
    }

    private static long recordBytes(int i) {
        return RecordCodec.HEADER_LENGTH + ("record-" + i).length();
    }

    @Test
    void reopenedLogKnowsItsLastOffsetAndRejectsOffsetsNotAboveIt() throws Exception {
        writeRecords(10);
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            assertThat(log.recovery().recordsRecovered()).isEqualTo(10);
            assertThat(text(log.read(7, 100).get(0))).isEqualTo("record-7");
            // the writer's "last written" offset is restored from the segments, not only the visible one
            assertThatThrownBy(() -> log.append(9, text("again")).join()).hasMessageContaining("not greater");
            assertThat(log.append(10, text("next")).get(10, TimeUnit.SECONDS)).isEqualTo(10);
        }
    }

    @Test
    void fileCutMidRecordIsTruncatedAndReported() throws Exception {
        Path segment = writeRecords(10);
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 5);
        }
        WalFixture fixture = new WalFixture(dir);
        try (Wal wal = fixture.open()) {
            WalLog log = wal.open("p");
            RecoveryReport report = log.recovery();
            assertThat(report.truncated()).isTrue();
            assertThat(report.recordsRecovered()).isEqualTo(9);
            assertThat(report.bytesTruncated()).isEqualTo(recordBytes(9) - 5);
            assertThat(report.truncatedFromOffset()).hasValue(8L);
            assertThat(report.reason()).hasValueSatisfying(r -> assertThat(r).contains("past the end of the file"));
            assertThat(fixture.counter("chronik.wal.recovery.truncations", "plugin", "disruptor")).isEqualTo(1);
            assertThat(Files.size(segment)).isEqualTo(size - recordBytes(9));
            assertThat(log.lastOffset()).hasValue(8);
            // the cut tail is gone for good: offset 9 can be written again
            assertThat(log.append(9, text("rewritten")).get(10, TimeUnit.SECONDS)).isEqualTo(9);
        }
        try (Wal wal = new WalFixture(dir).open()) {
            assertThat(wal.open("p").recovery().truncated()).isFalse();
        }
    }

    @Test
    void garbageAfterTheLastRecordIsTruncated() throws Exception {
        Path segment = writeRecords(10);
        long size = Files.size(segment);
        byte[] garbage = new byte[1000];
        new Random(42).nextBytes(garbage);
        Files.write(segment, garbage, StandardOpenOption.APPEND);

        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            assertThat(log.recovery().bytesTruncated()).isEqualTo(1000);
            assertThat(log.recovery().truncatedFromOffset()).hasValue(9L);
            assertThat(WalFixture.offsets(log)).hasSize(10);
            assertThat(Files.size(segment)).isEqualTo(size);
        }
    }

    @Test
    void zerosAfterTheLastRecordOfAVersion2SegmentArePreallocatedSpaceNotATornTail() throws Exception {
        Path segment = writeRecords(3);
        long recordsEnd = Files.size(segment);
        Files.write(segment, new byte[4096], StandardOpenOption.APPEND);
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            assertThat(log.recovery().truncated()).isFalse();
            assertThat(log.recovery().recordsRecovered()).isEqualTo(3);
            assertThat(WalFixture.offsets(log)).containsExactly(0L, 1L, 2L);
            assertThat(log.append(3, text("record-3")).get(10, TimeUnit.SECONDS)).isEqualTo(3);
        }
        assertThat(Files.size(segment)).as("written over the zeros, then preallocated further")
                .isGreaterThan(recordsEnd + recordBytes(3));
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            assertThat(log.recovery().truncated()).isFalse();
            assertThat(WalFixture.offsets(log)).containsExactly(0L, 1L, 2L, 3L);
        }
    }

    @Test
    void zerosFollowedByGarbageAreATornTailEvenInVersion2() throws Exception {
        Path segment = writeRecords(3);
        byte[] tail = new byte[4096];
        tail[4000] = 7;
        Files.write(segment, tail, StandardOpenOption.APPEND);
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            assertThat(log.recovery().bytesTruncated()).isEqualTo(4096);
            assertThat(log.recovery().reason()).hasValueSatisfying(r -> assertThat(r).contains("zero bytes"));
            assertThat(WalFixture.offsets(log)).containsExactly(0L, 1L, 2L);
        }
    }

    @Test
    void zerosAfterTheLastRecordOfAVersion1SegmentAreATornTail() throws Exception {
        Path segment = Files.createDirectories(dir.resolve("p")).resolve(SegmentFormat.fileName(0));
        try (var golden = RecoveryTest.class.getResourceAsStream("/golden/v1/" + SegmentFormat.fileName(0))) {
            Files.copy(golden, segment);
        }
        long size = Files.size(segment);
        Files.write(segment, new byte[4096], StandardOpenOption.APPEND);
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            assertThat(log.recovery().bytesTruncated()).isEqualTo(4096);
            assertThat(WalFixture.offsets(log)).containsExactly(0L, 5L, 7L);
        }
        assertThat(Files.size(segment)).isEqualTo(size);
    }

    @Test
    void onlyTheLastSegmentKeepsPreallocatedZeros() throws Exception {
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            for (int i = 0; i < 12; i++) {
                log.append(i, WalFixture.filled(200 * 1024, i + 1));
            }
            log.append(12, text("last")).get(10, TimeUnit.SECONDS);
        }
        List<Long> bases = LogRecovery.segmentBaseOffsets(dir.resolve("p"));
        assertThat(bases).hasSizeGreaterThan(2);
        for (long base : bases) {
            Path file = dir.resolve("p").resolve(SegmentFormat.fileName(base));
            byte[] bytes = Files.readAllBytes(file);
            boolean endsInZeros = bytes[bytes.length - 1] == 0 && bytes[bytes.length - 2] == 0
                    && bytes[bytes.length - 3] == 0 && bytes[bytes.length - 4] == 0;
            assertThat(endsInZeros).as("%s ends in preallocated zeros", file.getFileName())
                    .isEqualTo(base == bases.get(bases.size() - 1));
        }
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            assertThat(log.recovery().truncated()).isFalse();
            assertThat(log.recovery().recordsRecovered()).isEqualTo(13);
        }
    }

    @Test
    void corruptRecordFollowedByValidOnesFailsTheOpenAndChangesNothing() throws Exception {
        Path segment = writeRecords(10);
        long size = Files.size(segment);
        long record3Data = SegmentFormat.HEADER_LENGTH + recordBytes(0) + recordBytes(1) + recordBytes(2)
                + RecordCodec.HEADER_LENGTH;
        flipByte(segment, record3Data + 2);

        try (Wal wal = new WalFixture(dir).open()) {
            assertThatThrownBy(() -> wal.open("p")).isInstanceOf(WalCorruptionException.class)
                    .hasMessageContaining("CRC mismatch")
                    .hasMessageContaining("followed by a valid record");
        }
        assertThat(Files.size(segment)).isEqualTo(size);
    }

    @Test
    void corruptLengthFieldInTheMiddleIsFoundByScanningForward() throws Exception {
        Path segment = writeRecords(10);
        long record5 = SegmentFormat.HEADER_LENGTH + LongStream.range(0, 5).map(i -> recordBytes((int) i)).sum();
        flipByte(segment, record5 + RecordCodec.LENGTH_OFFSET + 1); // length becomes ~256 bytes too long

        try (Wal wal = new WalFixture(dir).open()) {
            assertThatThrownBy(() -> wal.open("p")).isInstanceOf(WalCorruptionException.class);
        }
    }

    @Test
    void damageInAnEarlierSegmentFailsTheOpen() throws Exception {
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            for (int i = 0; i < 12; i++) {
                log.append(i, WalFixture.filled(200 * 1024, i));
            }
            log.append(12, text("last")).get(10, TimeUnit.SECONDS);
        }
        List<Long> bases = LogRecovery.segmentBaseOffsets(dir.resolve("p"));
        assertThat(bases).hasSizeGreaterThan(1);
        Path first = dir.resolve("p").resolve(SegmentFormat.fileName(bases.get(0)));
        try (FileChannel channel = FileChannel.open(first, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 10);
        }
        try (Wal wal = new WalFixture(dir).open()) {
            assertThatThrownBy(() -> wal.open("p")).isInstanceOf(WalCorruptionException.class)
                    .hasMessageContaining("later segments exist");
        }
    }

    @Test
    void segmentWithTornHeaderIsRemoved() throws Exception {
        writeRecords(2);
        Path torn = dir.resolve("p").resolve(SegmentFormat.fileName(2));
        Files.write(torn, new byte[] {0x43, 0x48, 0x52});
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            assertThat(log.recovery().bytesTruncated()).isEqualTo(3);
            assertThat(log.recovery().truncatedFromOffset()).hasValue(1L);
            assertThat(Files.exists(torn)).isFalse();
            assertThat(log.append(2, text("two")).get(10, TimeUnit.SECONDS)).isEqualTo(2);
        }
    }

    @Test
    void lastSegmentWithZeroFilledHeaderIsRemovedButAForeignHeaderIsNot() throws Exception {
        writeRecords(2);
        Path zeroed = dir.resolve("p").resolve(SegmentFormat.fileName(2));
        Files.write(zeroed, new byte[SegmentFormat.HEADER_LENGTH + 100]);
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("p");
            assertThat(log.recovery().bytesTruncated()).isEqualTo(SegmentFormat.HEADER_LENGTH + 100);
            assertThat(log.recovery().reason()).hasValueSatisfying(r -> assertThat(r).contains("zero-filled"));
            assertThat(Files.exists(zeroed)).isFalse();
        }
        byte[] foreign = new byte[SegmentFormat.HEADER_LENGTH];
        foreign[0] = 'P';
        Files.write(zeroed, foreign);
        try (Wal wal = new WalFixture(dir).open()) {
            assertThatThrownBy(() -> wal.open("p")).isInstanceOf(WalCorruptionException.class)
                    .hasMessageContaining("magic");
        }
    }

    @Test
    void unknownFormatVersionFailsTheOpen() throws Exception {
        Path segment = writeRecords(1);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(2).putShort(0, (short) 9), SegmentFormat.VERSION_OFFSET);
        }
        try (Wal wal = new WalFixture(dir).open()) {
            assertThatThrownBy(() -> wal.open("p")).isInstanceOf(WalCorruptionException.class)
                    .hasMessageContaining("unsupported segment format version 9");
        }
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
            channel.write(one, position);
        }
    }
}
