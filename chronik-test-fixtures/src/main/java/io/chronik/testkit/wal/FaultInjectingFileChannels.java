package io.chronik.testkit.wal;

import io.chronik.spi.wal.FileChannels;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A {@link FileChannels} seam for fault injection: it opens real channels through a delegate and wraps
 * each one so that a test can count, fail or hold its {@code write} and {@code force} calls.
 *
 * <ul>
 *   <li><b>Counting</b>: writes and forces are counted in total and per file ({@link #writes(Path)},
 *       {@link #forces(Path)}, of which {@link #metadataForces(Path)} asked for metadata). A write is any
 *       call that changes the file's bytes through the channel: the {@code write} variants and
 *       {@code transferFrom}.</li>
 *   <li><b>Failing</b>: {@link #failForce(int)} / {@link #failWrite(int)} make the n-th force or write
 *       from now on throw an {@link IOException} (once); the call does not reach the real channel.</li>
 *   <li><b>Holding</b>: after {@link #holdForces()}, every force blocks (before reaching the real
 *       channel) until {@link #releaseForces()}, so a test can observe what a WAL does while an fsync
 *       is in progress; {@link #releaseHeldForces()} lets only those held right now proceed, and
 *       {@link #failHeldForces()} releases them with an {@link IOException} instead.
 *       {@link #awaitHeldForce(Duration)} waits until a force is blocked.</li>
 *   <li><b>Waiting</b>: {@link #awaitForces(long, Duration)} waits until a number of forces happened.</li>
 * </ul>
 *
 * <p>Writes through a memory-mapped buffer ({@code FileChannel.map}) and {@code MappedByteBuffer.force}
 * bypass the channel and are neither counted nor failed. Thread-safe.
 */
public final class FaultInjectingFileChannels implements FileChannels {

    private final FileChannels delegate;
    private final Map<Path, Counts> counts = new ConcurrentHashMap<>();
    private final Counts total = new Counts();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long forceCountdown;
    private long writeCountdown;
    private boolean holding;
    private boolean failHeld;
    private int held;
    /** Counts {@link #releaseHeldForces()} calls: a held force proceeds once this moved. */
    private long releases;

    /** Wraps the plain {@link FileChannels#DEFAULT}. */
    public FaultInjectingFileChannels() {
        this(FileChannels.DEFAULT);
    }

    public FaultInjectingFileChannels(FileChannels delegate) {
        this.delegate = delegate;
    }

    @Override
    public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        FileChannel channel = delegate.open(path, options);
        counts.computeIfAbsent(key, k -> new Counts());
        return new InterceptedFileChannel(channel, key, this);
    }

    /** Every file opened through this seam so far (absolute, normalised paths), sorted. */
    public Set<Path> openedFiles() {
        return new TreeSet<>(counts.keySet());
    }

    /** Writes attempted on every file so far (failed ones included). */
    public long writes() {
        return total.writes.get();
    }

    /** Forces attempted on every file so far (failed and held ones included). */
    public long forces() {
        return total.forces.get();
    }

    /** Writes attempted on one file so far. */
    public long writes(Path file) {
        Counts c = counts.get(file.toAbsolutePath().normalize());
        return c == null ? 0 : c.writes.get();
    }

    /** Forces attempted on one file so far. */
    public long forces(Path file) {
        Counts c = counts.get(file.toAbsolutePath().normalize());
        return c == null ? 0 : c.forces.get();
    }

    /**
     * Forces of one file so far that asked for metadata too ({@code force(true)}); the others were
     * {@code force(false)}.
     */
    public long metadataForces(Path file) {
        Counts c = counts.get(file.toAbsolutePath().normalize());
        return c == null ? 0 : c.metadataForces.get();
    }

    /** Makes the {@code nth} force from now (1 = the next one) throw an {@link IOException}. */
    public void failForce(int nth) {
        requirePositive(nth);
        withLock(() -> forceCountdown = nth);
    }

    /** Makes the {@code nth} write from now (1 = the next one) throw an {@link IOException}. */
    public void failWrite(int nth) {
        requirePositive(nth);
        withLock(() -> writeCountdown = nth);
    }

    /** Blocks every force from now on until {@link #releaseForces()}. */
    public void holdForces() {
        withLock(() -> {
            holding = true;
            failHeld = false;
        });
    }

    /** Lets every held force (and every later one) proceed. */
    public void releaseForces() {
        withLock(() -> {
            holding = false;
            changed.signalAll();
        });
    }

    /** Lets the forces held right now proceed; later forces are still held, until {@link #releaseForces()}. */
    public void releaseHeldForces() {
        withLock(() -> {
            releases++;
            changed.signalAll();
        });
    }

    /** Lets every held force proceed, each throwing an {@link IOException}; later forces are not held. */
    public void failHeldForces() {
        withLock(() -> {
            holding = false;
            failHeld = true;
            changed.signalAll();
        });
    }

    /** The number of forces blocked right now by {@link #holdForces()}. */
    public int heldForces() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least one force is blocked by {@link #holdForces()}.
     *
     * @return whether one was blocked before the timeout
     */
    public boolean awaitHeldForce(Duration timeout) throws InterruptedException {
        return await(() -> held > 0, timeout);
    }

    /**
     * Waits until at least {@code count} forces were attempted in total.
     *
     * @return whether they were before the timeout
     */
    public boolean awaitForces(long count, Duration timeout) throws InterruptedException {
        return await(() -> total.forces.get() >= count, timeout);
    }

    /** Waits, under the lock, until {@code condition} holds; every force signals a change. */
    private boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Called by a wrapped channel before each write: counts it, fails it if armed. */
    void beforeWrite(Path file) throws IOException {
        counts.get(file).writes.incrementAndGet();
        total.writes.incrementAndGet();
        lock.lock();
        try {
            boolean fail = writeCountdown > 0 && --writeCountdown == 0;
            throwIf(fail, "write", file);
        } finally {
            lock.unlock();
        }
    }

    /** Called by a wrapped channel before each force: counts it, holds it while holding, fails it if armed. */
    void beforeForce(Path file, boolean metaData) throws IOException {
        counts.get(file).forces.incrementAndGet();
        if (metaData) {
            counts.get(file).metadataForces.incrementAndGet();
        }
        total.forces.incrementAndGet();
        lock.lock();
        try {
            changed.signalAll();
            boolean fail = forceCountdown > 0 && --forceCountdown == 0;
            if (holding) {
                long release = releases;
                held++;
                changed.signalAll();
                try {
                    while (holding && releases == release) {
                        changed.awaitUninterruptibly();
                    }
                } finally {
                    held--;
                }
                fail |= failHeld;
            }
            throwIf(fail, "force", file);
        } finally {
            lock.unlock();
        }
    }

    private static void throwIf(boolean fail, String operation, Path file) throws IOException {
        if (fail) {
            throw new IOException("injected " + operation + " failure on " + file);
        }
    }

    private void withLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private static void requirePositive(int nth) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth must be >= 1: " + nth);
        }
    }

    private static final class Counts {
        final AtomicLong writes = new AtomicLong();
        final AtomicLong forces = new AtomicLong();
        final AtomicLong metadataForces = new AtomicLong();
    }
}
