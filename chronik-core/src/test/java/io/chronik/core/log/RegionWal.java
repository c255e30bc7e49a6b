package io.chronik.core.log;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import io.chronik.spi.wal.WalSpan;
import io.chronik.testkit.wal.MemoryWal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MemoryWal} whose {@link WalLog#readSpans} hands out file regions, as a file-backed WAL
 * does: each read copies the records into an append-only file of its log and returns regions of that
 * file. {@link #freeFiles()} closes the files, as retention freeing a segment under an in-flight read
 * would. {@link #holdAppends()} keeps appends from becoming durable (and visible) until
 * {@link #releaseAppends()}. Test-only: the files grow with every read.
 */
public final class RegionWal implements Wal {

    private final MemoryWal delegate;
    private final Path dir;
    private final Map<String, RegionLog> logs = new ConcurrentHashMap<>();
    private final AtomicBoolean held = new AtomicBoolean();
    private final AtomicBoolean freeAfterRead = new AtomicBoolean();
    private final AtomicLong regionsHandedOut = new AtomicLong();

    public RegionWal(MemoryWal.Storage storage, Path dir) {
        this.delegate = new MemoryWal(storage, 8 << 20);
        this.dir = dir;
    }

    @Override
    public WalLog open(String name) {
        return logs.computeIfAbsent(name, n -> new RegionLog(this, delegate.open(n), dir.resolve(n + ".regions")));
    }

    /** From now on appends stay pending, neither durable nor visible, until {@link #releaseAppends()}. */
    public void holdAppends() {
        held.set(true);
    }

    /** Makes the held appends durable, in order, and stops holding. */
    public void releaseAppends() {
        held.set(false);
        logs.values().forEach(RegionLog::release);
    }

    /** How many regions {@code readSpans} returned so far. */
    public long regionsHandedOut() {
        return regionsHandedOut.get();
    }

    /**
     * The next {@code readSpans} that returns regions closes their file before returning, as retention
     * freeing the segment between a read and its send would; later reads use a new file.
     */
    public void freeAfterNextRead() {
        freeAfterRead.set(true);
    }

    /** Closes every log's region file: regions handed out so far can no longer be sent. */
    public void freeFiles() {
        logs.values().forEach(RegionLog::closeFile);
    }

    @Override
    public Set<String> logNames() {
        return delegate.logNames();
    }

    @Override
    public void delete(String name) {
        RegionLog log = logs.remove(name);
        if (log != null) {
            log.closeFile();
        }
        delegate.delete(name);
    }

    @Override
    public boolean failed() {
        return delegate.failed();
    }

    @Override
    public void close() {
        logs.values().forEach(RegionLog::closeFile);
        delegate.close();
    }

    private static final class RegionLog extends ForwardingWalLog {
        private final RegionWal wal;
        private final Path path;
        private final Deque<Runnable> pending = new ArrayDeque<>();
        private FileChannel file;

        RegionLog(RegionWal wal, WalLog log, Path path) {
            super(log);
            this.wal = wal;
            this.path = path;
        }

        synchronized void release() {
            while (!pending.isEmpty()) {
                pending.poll().run();
            }
        }

        @Override
        public synchronized List<WalSpan> readSpans(long fromOffset, int maxBytes) {
            List<WalSpan> spans = new ArrayList<>();
            try {
                if (file == null || !file.isOpen()) {
                    file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                }
                for (WalRecord record : log.read(fromOffset, maxBytes)) {
                    long position = file.size();
                    file.write(record.data().duplicate(), position);
                    spans.add(new WalSpan(record.offset(),
                            new MessageBody.Region(new FileRegion(file, position, record.size()))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            wal.regionsHandedOut.addAndGet(spans.size());
            if (!spans.isEmpty() && wal.freeAfterRead.compareAndSet(true, false)) {
                closeFile();
            }
            return spans;
        }

        synchronized void closeFile() {
            try {
                if (file != null) {
                    file.close();
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized CompletableFuture<Long> append(long offset, ByteBuffer data) {
            if (!wal.held.get()) {
                return log.append(offset, data);
            }
            ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
            CompletableFuture<Long> durable = new CompletableFuture<>();
            pending.add(() -> log.append(offset, copy).whenComplete((o, e) -> {
                if (e != null) {
                    durable.completeExceptionally(e);
                } else {
                    durable.complete(o);
                }
            }));
            return durable;
        }
    }
}
