package io.chronik.wal.disruptor;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Small appends are copied into buffers the ring slots keep and reuse; nothing may leak between uses. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RingSlotTest {

    @TempDir
    Path dir;

    @Test
    void reusedSlotBuffersHoldEachRecordExactlyAcrossManyWrapsAndSizes() throws Exception {
        WalFixture fixture = new WalFixture(dir);
        // sizes around every growth step of a slot's buffer and past the reuse limit, shrinking and growing
        int[] sizes = {0, 1, 255, 256, 257, 1024, 4095, 4096, 4097, 10_000, 3, 2048, 700};
        int appends = 64 * 12;
        try (Wal wal = fixture.open(new FlushPolicy.Batch(), Map.of("ring.size", "64"))) {
            WalLog log = wal.open("p");
            ByteBuffer reusedByCaller = ByteBuffer.allocate(10_000);
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < appends; i++) {
                ByteBuffer expected = WalFixture.filled(sizes[i % sizes.length], i);
                reusedByCaller.clear().put(expected).flip();
                futures.add(log.append(i, reusedByCaller));
                assertThat(reusedByCaller.position()).isZero();
                reusedByCaller.clear().put(new byte[10_000]); // the caller overwrites its buffer at once
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(20, TimeUnit.SECONDS);

            List<WalRecord> records = log.read(0, Integer.MAX_VALUE);
            assertThat(records).hasSize(appends);
            for (WalRecord record : records) {
                int i = (int) record.offset();
                assertThat(record.data()).as("record %d", i).isEqualTo(WalFixture.filled(sizes[i % sizes.length], i));
            }
        }
    }
}
