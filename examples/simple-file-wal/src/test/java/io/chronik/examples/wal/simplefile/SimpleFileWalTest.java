package io.chronik.examples.wal.simplefile;

import static io.chronik.testkit.wal.WalAssertions.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.PluginProperties;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.RecoveryReport;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalCorruptionException;
import io.chronik.spi.wal.WalLog;
import io.chronik.testkit.TestPluginContext;
import io.chronik.testkit.wal.FaultInjectingFileChannels;
import io.chronik.testkit.wal.WalAssertions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is particular to {@code simple-file}: its released on-disk format (a golden file written from
 * the documented layout, independently of {@link RecordCodec}), recovery cases the kit leaves open,
 * and one {@code force} per append.
 */
@Timeout(30)
class SimpleFileWalTest {

    /** Records of {@code golden/v1-log}: offsets 0, 1 and 1000. */
    private static final Map<Long, byte[]> GOLDEN = golden();

    @TempDir
    Path directory;

    private final FaultInjectingFileChannels files = new FaultInjectingFileChannels();
    private final List<Wal> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(Wal::close);
    }

    private static Map<Long, byte[]> golden() {
        Map<Long, byte[]> records = new LinkedHashMap<>();
        records.put(0L, "first".getBytes(StandardCharsets.UTF_8));
        records.put(1L, new byte[0]);
        records.put(1000L, "third record".getBytes(StandardCharsets.UTF_8));
        return records;
    }

    private Wal wal() {
        Wal wal = new SimpleFileWalProvider().create(new WalConfig(directory, new FlushPolicy.Batch(),
                WalConfig.MIN_SEGMENT_BYTES, 64 * 1024, PluginProperties.empty("wal.simple-file.")),
                new TestPluginContext().withFiles(files));
        opened.add(wal);
        return wal;
    }

    private Path logFile(String name) {
        return directory.resolve("logs").resolve(name);
    }

    private static byte[] goldenBytes() throws IOException {
        try (InputStream in = SimpleFileWalTest.class.getResourceAsStream("/golden/v1-log")) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheVersionOneGoldenFile() throws IOException {
        Files.createDirectories(directory.resolve("logs"));
        Files.write(logFile("golden"), goldenBytes());

        WalLog log = wal().open("golden");

        WalAssertions.assertRecords(log, GOLDEN);
        assertThat(log.recovery()).isEqualTo(new RecoveryReport(3, 0, Optional.empty(), Optional.empty()));
    }

    @Test
    void writesTheVersionOneFormatByteForByte() throws IOException {
        Wal wal = wal();
        WalLog log = wal.open("written");
        GOLDEN.forEach((offset, data) -> await(log.append(offset, ByteBuffer.wrap(data))));
        wal.close();

        assertThat(Files.readAllBytes(logFile("written"))).isEqualTo(goldenBytes());
    }

    @Test
    void everyAppendIsForcedOnItsOwn() {
        WalLog log = wal().open("forced");
        long before = files.forces(logFile("forced"));

        List<CompletableFuture<Long>> appends = new ArrayList<>();
        for (long offset = 1; offset <= 20; offset++) {
            appends.add(log.append(offset, ByteBuffer.wrap(new byte[100])));
        }
        appends.forEach(WalAssertions::await);

        assertThat(files.forces(logFile("forced")) - before).as("one force per append, no group commit")
                .isEqualTo(20);
    }

    @Test
    void damagedLengthFollowedByValidRecordsFailsTheOpen() throws IOException {
        Wal wal = wal();
        WalLog log = wal.open("damaged");
        for (long offset = 1; offset <= 5; offset++) {
            await(log.append(offset, ByteBuffer.wrap(new byte[50])));
        }
        wal.close();
        long secondRecord = RecordCodec.FILE_HEADER_LENGTH + RecordCodec.RECORD_HEADER_LENGTH + 50;
        byte[] bytes = Files.readAllBytes(logFile("damaged"));
        bytes[(int) secondRecord + RecordCodec.LENGTH_OFFSET] ^= 0x40;
        Files.write(logFile("damaged"), bytes);

        assertThatThrownBy(() -> wal().open("damaged"))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("file position " + secondRecord)
                .hasMessageContaining("valid record follows");
    }

    @Test
    void aFileThatIsNotASimpleFileLogIsRefused() throws IOException {
        Files.createDirectories(directory.resolve("logs"));
        Files.writeString(logFile("foreign"), "not a log at all");

        assertThatThrownBy(() -> wal().open("foreign"))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("bad magic");
        assertThat(Files.readString(logFile("foreign"))).as("a foreign file is left alone").isEqualTo("not a log at all");
    }

    @Test
    void aFileCutInsideItsHeaderIsAnEmptyLog() throws IOException {
        Files.createDirectories(directory.resolve("logs"));
        Files.write(logFile("cut"), new byte[] {0x43, 0x53, 0x46});

        WalLog log = wal().open("cut");

        assertThat(log.lastOffset()).isEmpty();
        assertThat(await(log.append(7, ByteBuffer.wrap(new byte[] {7})))).isEqualTo(7L);
        assertThat(Files.size(logFile("cut"))).isEqualTo(RecordCodec.FILE_HEADER_LENGTH + RecordCodec.RECORD_HEADER_LENGTH + 1);
    }

    @Test
    void unknownKeysAreRefused() {
        assertThatThrownBy(() -> new SimpleFileWalProvider().create(new WalConfig(directory, new FlushPolicy.Batch(),
                WalConfig.MIN_SEGMENT_BYTES, 64 * 1024, new PluginProperties("wal.simple-file.", Map.of("fsync", "no"))),
                new TestPluginContext()))
                .hasMessageContaining("wal.simple-file.fsync");
    }
}
