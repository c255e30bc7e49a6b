package io.chronik.wal.disruptor;

import io.chronik.spi.PluginProperties;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import io.chronik.testkit.TestPluginContext;
import io.chronik.testkit.wal.FaultInjectingFileChannels;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code disruptor} WALs over a directory, with the compatibility kit's fault-injecting file seam
 * and a shared test context, and counts forces of segment files apart from those of directories.
 */
final class WalFixture {

    static final long SEGMENT_BYTES = WalConfig.MIN_SEGMENT_BYTES;
    static final int MAX_RECORD_BYTES = 256 * 1024;

    final Path directory;
    final FaultInjectingFileChannels files = new FaultInjectingFileChannels();
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

    /** Forces of segment files attempted so far; forces of directories are not counted. */
    long segmentForces() {
        return files.openedFiles().stream()
                .filter(file -> file.getFileName().toString().endsWith(SegmentFormat.SUFFIX))
                .mapToLong(files::forces).sum();
    }

    /** Forces attempted so far of the segment of log {@code name} that starts at {@code baseOffset}. */
    long segmentForces(String name, long baseOffset) {
        return files.forces(directory.resolve(name).resolve(SegmentFormat.fileName(baseOffset)));
    }

    /** Waits until a force is held by {@link FaultInjectingFileChannels#holdForces()}. */
    void awaitHeldForce() throws InterruptedException {
        if (!files.awaitHeldForce(Duration.ofSeconds(10))) {
            throw new AssertionError("no force started within 10 s");
        }
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
