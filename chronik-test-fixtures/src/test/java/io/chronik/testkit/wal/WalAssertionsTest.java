package io.chronik.testkit.wal;

import static io.chronik.testkit.wal.WalAssertions.await;
import static io.chronik.testkit.wal.WalAssertions.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.spi.wal.WalLog;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WalAssertionsTest {

    @Test
    void readAllReturnsEverySparseRecordEvenWhenRecordsAreLargerThanOneChunk() {
        int recordBytes = 300 * 1024;
        try (MemoryWal wal = new MemoryWal(new MemoryWal.Storage(), 1 << 20)) {
            WalLog log = wal.open("large");
            Map<Long, byte[]> expected = new LinkedHashMap<>();
            for (long offset = 10; offset <= 40; offset += 10) { // sparse: last + 1 lies inside the last record
                byte[] data = payload("large-" + offset, recordBytes);
                expected.put(offset, data);
                await(log.append(offset, ByteBuffer.wrap(data)));
            }

            assertThat(WalAssertions.readAll(log)).hasSize(4);
            WalAssertions.assertRecords(log, expected);
        }
    }
}
