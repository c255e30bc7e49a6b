package io.chronik.wal.disruptor;

import io.chronik.spi.PluginProperties;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import io.chronik.testkit.TestPluginContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds {@code disruptor} WALs over a directory, with the test seam and a shared test context. */
final class WalFixture {

    static final long SEGMENT_BYTES = WalConfig.MIN_SEGMENT_BYTES;
    static final int MAX_RECORD_BYTES = 256 * 1024;

    final Path directory;
    final SeamFiles files = new SeamFiles();
    final TestPluginContext context = new TestPluginContext().withFiles(files);

    WalFixture(Path directory) {
        this.directory = directory;
    }

    Wal open() {
        return open(new FlushPolicy.Batch(), Map.of());
    }

    Wal open(FlushPolicy policy, Map<String, String> properties) {
        WalConfig config = new WalConfig(directory, policy, SEGMENT_BYTES, MAX_RECORD_BYTES,
                new PluginProperties("wal.disruptor.", properties));
        return new DisruptorWalProvider().create(config, context);
    }

    double counter(String name, String... tags) {
        return context.meters().get(name).tags(tags).counter().count();
    }

    static ByteBuffer text(String value) {
        return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    static String text(WalRecord record) {
        return StandardCharsets.UTF_8.decode(record.data().duplicate()).toString();
    }

    static List<Long> offsets(WalLog log) {
        return log.read(0, Integer.MAX_VALUE).stream().map(WalRecord::offset).toList();
    }

    static ByteBuffer filled(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return ByteBuffer.wrap(bytes);
    }
}
