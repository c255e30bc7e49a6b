package io.chronik.bench.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The raw fsync rate of the disk under {@code -Dchronik.bench.dir}: one thread writes 4 KiB at the
 * start of a file and forces it ({@code force(false)}, i.e. fdatasync), in a loop. Overwriting one
 * block keeps file-size metadata out of the force, so this is the ceiling for anything that forces
 * once per write, and the unit group commit is measured against. Always one thread.
 *
 * <p>It is not the ceiling of an append-only log with one appender: an append changes the file size,
 * so its force also commits the file system's journal, which on ext4 here costs two to seven times as
 * much as this overwrite. Compare a single appender with {@code naiveFsyncPerAppend} at one thread.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@State(Scope.Thread)
public class RawFsyncBenchmark {

    private static final int BLOCK_BYTES = 4096;

    private final ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES);
    private Path directory;
    private FileChannel channel;

    @Setup
    public void open() throws IOException {
        byte[] random = new byte[BLOCK_BYTES];
        new Random(42).nextBytes(random);
        block.put(random);
        directory = BenchDirectory.create("raw-fsync");
        channel = FileChannel.open(directory.resolve("block"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        writeAndForce();
    }

    @Benchmark
    public int writeAndForce() throws IOException {
        block.clear();
        int written = 0;
        while (block.hasRemaining()) {
            written += channel.write(block, written);
        }
        channel.force(false);
        return written;
    }

    @TearDown
    public void close() throws IOException {
        channel.close();
        BenchDirectory.delete(directory);
    }
}
