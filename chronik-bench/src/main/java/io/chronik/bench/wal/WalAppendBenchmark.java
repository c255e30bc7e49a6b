package io.chronik.bench.wal;

import io.chronik.spi.PluginProperties;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalProvider;
import io.chronik.testkit.TestPluginContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Durable appends of 1 KiB records by N concurrent appenders, all to <b>one shared log</b> (the hard
 * case: one partition's leader under load; every appender contends for the same log), measured as
 * appends per second ({@link Mode#Throughput}, summed over threads) and as latency percentiles of one
 * append, call to acknowledgement ({@link Mode#SampleTime}). Set the number of appenders with JMH's
 * {@code -t}; {@code run-wal-bench.sh} runs 1, 8 and 64.
 *
 * <ul>
 *   <li>{@link #disruptorWal}: the WAL that {@link java.util.ServiceLoader} finds under the provider
 *       name {@code disruptor}, flush policy {@code batch} (an append is acknowledged after its fsync;
 *       group commit amortises the fsync). The appender draws the next offset and calls
 *       {@code append} under a lock, as a partition leader assigns offsets under its partition lock,
 *       then waits for the future outside the lock. The run fails with a clear error if no such
 *       provider is on the class path.</li>
 *   <li>{@link #naiveFsyncPerAppend}: the baseline a WAL has to beat: {@code FileChannel.write} and
 *       {@code force(false)} for every append, under one lock.</li>
 * </ul>
 *
 * Files go to a new directory under {@code -Dchronik.bench.dir} (see {@link BenchDirectory}) and are
 * deleted after each trial.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WalAppendBenchmark {

    /** The size of every appended record. */
    static final int RECORD_BYTES = 1024;

    /** One appender's record; the WAL copies it before {@code append} returns, so it is reused. */
    @State(Scope.Thread)
    public static class Record {
        private final ByteBuffer data = ByteBuffer.allocateDirect(RECORD_BYTES);

        @Setup
        public void fill() {
            byte[] random = new byte[RECORD_BYTES];
            new Random(Thread.currentThread().getId()).nextBytes(random);
            data.put(random);
        }

        ByteBuffer next() {
            return data.clear();
        }
    }

    /** The disruptor WAL with one shared log, created fresh for each trial. */
    @State(Scope.Benchmark)
    public static class DisruptorWal {
        /**
         * The flush policy ({@code wal.flush.policy} syntax). {@code batch}, the durable default, is what
         * the target is about; {@code -p flush=none} (never forces, unsafe) is a diagnostic that shows what
         * an append costs without the disk: hand-offs, copies, scheduling and GC on this machine.
         */
        @Param({"batch"})
        public String flush;

        /**
         * The WAL's own keys, without their {@code wal.disruptor.} prefix, as {@code key=value} pairs
         * separated by semicolons ({@code -p "properties=preallocate.bytes=0;fsync.threads=1"}); JMH itself
         * splits a {@code -p} value at commas into values to run one after the other. Empty: the defaults.
         */
        @Param({""})
        public String properties;

        private final Object offsetLock = new Object();
        private long nextOffset;
        private Path directory;
        private TestPluginContext context;
        private Wal wal;
        private WalLog log;

        @Setup(Level.Trial)
        public void open() {
            WalProvider provider = WalProviders.named("disruptor");
            directory = BenchDirectory.create("disruptor-wal");
            WalConfig config = new WalConfig(directory, FlushPolicy.parse("-p flush", flush), 256L << 20, 1 << 20,
                    new PluginProperties("wal.disruptor.", parse(properties)));
            context = new TestPluginContext();
            wal = provider.create(config, context);
            log = wal.open("shared");
        }

        private static Map<String, String> parse(String pairs) {
            Map<String, String> parsed = new LinkedHashMap<>();
            for (String pair : pairs.split(";")) {
                if (pair.isBlank()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("-p properties: expected key=value, got '" + pair + "'");
                }
                parsed.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
            return parsed;
        }

        long append(ByteBuffer record) {
            CompletableFuture<Long> appended;
            synchronized (offsetLock) {
                appended = log.append(nextOffset++, record);
            }
            return appended.join();
        }

        @TearDown(Level.Trial)
        public void close() {
            if (wal != null) {
                wal.close();
                System.out.println(WalMeterReport.of(context.meters()));
            }
            BenchDirectory.delete(directory);
        }
    }

    /** One file, written and forced once per append under a lock. */
    @State(Scope.Benchmark)
    public static class NaiveLog {
        private Path directory;
        private FileChannel channel;
        private long appended;

        @Setup(Level.Trial)
        public void open() throws IOException {
            directory = BenchDirectory.create("naive-log");
            channel = FileChannel.open(directory.resolve("shared.log"), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        }

        synchronized long append(ByteBuffer record) throws IOException {
            while (record.hasRemaining()) {
                channel.write(record);
            }
            channel.force(false);
            return appended++;
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            BenchDirectory.delete(directory);
        }
    }

    @Benchmark
    public long disruptorWal(DisruptorWal wal, Record record) {
        return wal.append(record.next());
    }

    @Benchmark
    public long naiveFsyncPerAppend(NaiveLog log, Record record) throws IOException {
        return log.append(record.next());
    }
}
