package io.chronik.wal.disruptor;

import static io.chronik.wal.disruptor.WalFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment files grow ahead of their records in written zeros, so that forcing a group commit changes
 * no file size: only a force after the file was created or extended asks for metadata.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PreallocationTest {

    @TempDir
    Path dir;

    /** What appending one by one left behind: forces of the segment, those with metadata, and sizes. */
    private record Appended(long forces, long metadataForces, long sizeInBytes, long fileSize) {
    }

    private Appended appendOneByOne(String preallocateBytes, int count) throws Exception {
        WalFixture fixture = new WalFixture(dir);
        long size;
        try (Wal wal = fixture.open(new FlushPolicy.Batch(), Map.of("preallocate.bytes", preallocateBytes))) {
            WalLog log = wal.open("p");
            for (int i = 0; i < count; i++) {
                log.append(i, WalFixture.filled(1000, i)).get(10, TimeUnit.SECONDS);
            }
            size = log.sizeInBytes();
        }
        Path segment = dir.resolve("p").resolve(SegmentFormat.fileName(0));
        return new Appended(fixture.files.forces(segment), fixture.files.metadataForces(segment), size,
                Files.size(segment));
    }

    @Test
    void onlyTheForceAfterAnExtensionCommitsMetadata() throws Exception {
        Appended appended = appendOneByOne("65536", 100);
        assertThat(appended.forces()).as("one force per waited append").isEqualTo(100);
        // created with 64 KiB of zeros after the header; the 65th record of 1,016 bytes passes them and
        // extends the file by another 64 KiB after its end
        assertThat(appended.metadataForces()).isEqualTo(2);
        long extendedAt = SegmentFormat.HEADER_LENGTH + 65 * (RecordCodec.HEADER_LENGTH + 1000);
        assertThat(appended.sizeInBytes()).isEqualTo(appended.fileSize()).isEqualTo(extendedAt + 65536);
    }

    @Test
    void withoutPreallocationEveryForceCommitsTheNewSize() throws Exception {
        Appended appended = appendOneByOne("0", 20);
        assertThat(appended.metadataForces()).isEqualTo(appended.forces()).isEqualTo(20);
        assertThat(appended.sizeInBytes()).isEqualTo(appended.fileSize())
                .isEqualTo(SegmentFormat.HEADER_LENGTH + 20 * (RecordCodec.HEADER_LENGTH + 1000));
    }

    @Test
    void aRecordLargerThanTheChunkStillGetsZerosAfterIt() throws Exception {
        try (Wal wal = new WalFixture(dir).open(new FlushPolicy.Batch(), Map.of("preallocate.bytes", "4096"))) {
            WalLog log = wal.open("p");
            log.append(0, WalFixture.filled(10_000, 1)).get(10, TimeUnit.SECONDS);
            long recordsEnd = SegmentFormat.HEADER_LENGTH + RecordCodec.HEADER_LENGTH + 10_000;
            assertThat(log.sizeInBytes()).isEqualTo(recordsEnd + 4096);
            log.append(1, text("small")).get(10, TimeUnit.SECONDS);
            assertThat(log.sizeInBytes()).as("fits in the zeros").isEqualTo(recordsEnd + 4096);
        }
    }
}
