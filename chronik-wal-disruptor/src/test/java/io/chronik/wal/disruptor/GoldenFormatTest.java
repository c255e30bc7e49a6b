package io.chronik.wal.disruptor;

import static io.chronik.wal.disruptor.WalFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment files of every released format version are kept under {@code src/test/resources/golden/}:
 * this build must read them, and must still write version 1 byte for byte (a format change needs a new
 * version and a new golden file, never an edit of the old one).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GoldenFormatTest {

    private static final String V1 = "/golden/v1/" + SegmentFormat.fileName(0);

    @TempDir
    Path dir;

    private static void writeGoldenRecords(WalLog log) throws Exception {
        log.append(0, text("alpha"));
        log.append(5, text(""));
        log.append(7, text("gamma")).get(10, TimeUnit.SECONDS);
    }

    @Test
    void readsVersion1() throws Exception {
        Path logDir = Files.createDirectories(dir.resolve("golden"));
        try (InputStream in = GoldenFormatTest.class.getResourceAsStream(V1)) {
            assertThat(in).as(V1).isNotNull();
            Files.copy(in, logDir.resolve(SegmentFormat.fileName(0)));
        }
        try (Wal wal = new WalFixture(dir).open()) {
            WalLog log = wal.open("golden");
            assertThat(log.recovery().truncated()).isFalse();
            assertThat(log.read(0, 100)).extracting(WalRecord::offset).containsExactly(0L, 5L, 7L);
            assertThat(log.read(0, 100)).extracting(WalFixture::text).containsExactly("alpha", "", "gamma");
        }
    }

    @Test
    void writesVersion1ByteForByte() throws Exception {
        try (Wal wal = new WalFixture(dir).open()) {
            writeGoldenRecords(wal.open("fresh"));
        }
        byte[] written = Files.readAllBytes(dir.resolve("fresh").resolve(SegmentFormat.fileName(0)));
        try (InputStream in = GoldenFormatTest.class.getResourceAsStream(V1)) {
            assertThat(in).as(V1).isNotNull();
            assertThat(written).isEqualTo(in.readAllBytes());
        }
    }
}
