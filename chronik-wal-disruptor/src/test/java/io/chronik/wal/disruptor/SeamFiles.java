package io.chronik.wal.disruptor;

import io.chronik.spi.wal.FileChannels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test seam around {@link FileChannels#DEFAULT}: records every {@code force} of a segment file
 * (directories are counted apart), can hold forces at a gate until the test opens it, and can fail the
 * n-th segment force with an {@link IOException}.
 */
final class SeamFiles implements FileChannels {

    private final List<Path> segmentForces = new CopyOnWriteArrayList<>();
    private final AtomicInteger forceAttempts = new AtomicInteger();
    private final AtomicInteger directoryForces = new AtomicInteger();
    private final Semaphore entered = new Semaphore(0);
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile int failForceNumber = -1;

    /**
     * Makes every later segment force wait until {@link #openGate()}; {@link #awaitForceEntered()} then
     * waits for a force that starts after this call.
     */
    void closeGate() {
        entered.drainPermits();
        gate = new CountDownLatch(1);
    }

    void openGate() {
        gate.countDown();
    }

    /** Waits until a segment force has started (and is held at the gate, if closed). */
    void awaitForceEntered() throws InterruptedException {
        if (!entered.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no force started within 10 s");
        }
    }

    /** The {@code n}-th segment force attempt (1-based) throws. */
    void failForce(int n) {
        failForceNumber = n;
    }

    /** Completed segment forces, oldest first. */
    List<Path> segmentForces() {
        return List.copyOf(segmentForces);
    }

    int forceAttempts() {
        return forceAttempts.get();
    }

    int directoryForces() {
        return directoryForces.get();
    }

    @Override
    public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
        return new SeamChannel(path, FileChannel.open(path, options));
    }

    private void onForce(Path path) throws IOException {
        if (!path.getFileName().toString().endsWith(SegmentFormat.SUFFIX)) {
            directoryForces.incrementAndGet();
            return;
        }
        int attempt = forceAttempts.incrementAndGet();
        entered.release();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted at the force gate", e);
        }
        if (attempt == failForceNumber) {
            throw new IOException("injected force failure #" + attempt + " on " + path);
        }
    }

    /** Delegates everything; {@code force} passes through {@link #onForce} first. */
    private final class SeamChannel extends FileChannel {
        private final Path path;
        private final FileChannel delegate;

        SeamChannel(Path path, FileChannel delegate) {
            this.path = path;
            this.delegate = delegate;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            onForce(path);
            delegate.force(metaData);
            if (path.getFileName().toString().endsWith(SegmentFormat.SUFFIX)) {
                segmentForces.add(path);
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return delegate.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return delegate.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return delegate.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
