package io.chronik.wal.disruptor;

import static io.chronik.wal.disruptor.WalFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment files of every released format version are kept under {@code src/test/resources/golden/}:
 * this build must read them all, and must still write the current version (2) byte for byte (a format
 * change needs a new version and a new golden file, never an edit of an old one). Both golden files
 * hold the same three records; version 2's is written with {@code preallocate.bytes=4096}, so it also
 * carries the preallocated zeros after its last record.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GoldenFormatTest {

    private static final String V1 = "/golden/v1/" + SegmentFormat.fileName(0);
    private static final String V2 = "/golden/v2/" + SegmentFormat.fileName(0);
    private static final Map<String, String> SMALL_PREALLOCATION = Map.of("preallocate.bytes", "4096");

    @TempDir
    Path dir;

    private static void writeGoldenRecords(WalLog log) throws Exception {
        log.append(0, text("alpha"));
        log.append(5, text(""));
        log.append(7, text("gamma")).get(10, TimeUnit.SECONDS);
    }

    private Path copyGolden(String resource) throws Exception {
        Path segment = Files.createDirectories(dir.resolve("golden")).resolve(SegmentFormat.fileName(0));
        try (InputStream in = GoldenFormatTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, segment);
        }
        return segment;
    }

    private static void assertGoldenRecords(WalLog log) {
        assertThat(log.recovery().truncated()).isFalse();
        assertThat(log.read(0, 100)).extracting(WalRecord::offset).containsExactly(0L, 5L, 7L);
        assertThat(log.read(0, 100)).extracting(WalFixture::text).containsExactly("alpha", "", "gamma");
    }

    @Test
    void readsVersion1AndKeepsAppendingToItAsVersion1() throws Exception {
        Path segment = copyGolden(V1);
        long goldenSize = Files.size(segment);
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("golden");
            assertGoldenRecords(log);
            log.append(8, text("delta")).get(10, TimeUnit.SECONDS);
        }
        // a version 1 file never gets a zero tail, which a version 1 reader would cut as torn
        assertThat(Files.size(segment)).isEqualTo(goldenSize + RecordCodec.HEADER_LENGTH + "delta".length());
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("golden");
            assertThat(log.recovery().truncated()).isFalse();
            assertThat(log.read(0, 100)).extracting(WalFixture::text).containsExactly("alpha", "", "gamma", "delta");
        }
    }

    @Test
    void readsVersion2AndAppendsOverItsPreallocatedZeros() throws Exception {
        Path segment = copyGolden(V2);
        long goldenSize = Files.size(segment);
        try (Wal wal = new WalFixture(dir).open(new FlushPolicy.Batch(), SMALL_PREALLOCATION)) {
            WalLog log = wal.open("golden");
            assertGoldenRecords(log);
            assertThat(log.sizeInBytes()).as("the zeros are kept, not cut as a torn tail").isEqualTo(goldenSize);
            log.append(8, text("delta")).get(10, TimeUnit.SECONDS);
            assertThat(log.sizeInBytes()).as("written over the zeros").isEqualTo(goldenSize);
        }
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("golden");
            assertThat(log.recovery().truncated()).isFalse();
            assertThat(log.read(0, 100)).extracting(WalFixture::text).containsExactly("alpha", "", "gamma", "delta");
        }
    }

    @Test
    void writesVersion2ByteForByte() throws Exception {
        try (Wal wal = new WalFixture(dir).open(new FlushPolicy.Batch(), SMALL_PREALLOCATION)) {
            writeGoldenRecords(wal.open("fresh"));
        }
        byte[] written = Files.readAllBytes(dir.resolve("fresh").resolve(SegmentFormat.fileName(0)));
        try (InputStream in = GoldenFormatTest.class.getResourceAsStream(V2)) {
            assertThat(in).as(V2).isNotNull();
            assertThat(written).isEqualTo(in.readAllBytes());
        }
    }
}
