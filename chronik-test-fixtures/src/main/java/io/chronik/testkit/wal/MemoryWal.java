package io.chronik.testkit.wal;

import io.chronik.spi.wal.RecoveryReport;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalException;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The simplest correct {@link Wal}: records live in memory and every append is "durable" as soon as it
 * is stored, so futures complete before {@code append} returns. It is the reference the compatibility
 * kit is checked against and a fast WAL for tests of the node.
 *
 * <p>Records survive {@link #close()} and a new {@code MemoryWal} over the same {@link Storage}, which
 * is how tests simulate a restart. Thread-safe: each log is guarded by its own monitor.
 */
public final class MemoryWal implements Wal {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    /** The records of every log; outlives the WAL instances opened over it. */
    public static final class Storage {
        private final Map<String, NavigableMap<Long, byte[]>> logs = new ConcurrentHashMap<>();

        /** Empty storage: no logs yet. */
        public Storage() {
        }
    }

    private final Storage storage;
    private final int maxRecordBytes;
    private final Map<String, MemoryLog> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public MemoryWal(Storage storage, int maxRecordBytes) {
        this.storage = storage;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public WalLog open(String name) {
        checkOpen();
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid log name: '" + name + "'");
        }
        return open.computeIfAbsent(name, n ->
                new MemoryLog(n, storage.logs.computeIfAbsent(n, k -> new ConcurrentSkipListMap<>())));
    }

    @Override
    public Set<String> logNames() {
        return new TreeSet<>(storage.logs.keySet());
    }

    @Override
    public void delete(String name) {
        MemoryLog log = open.remove(name);
        if (log != null) {
            log.closed = true;
        }
        storage.logs.remove(name);
    }

    @Override
    public boolean failed() {
        return false;
    }

    @Override
    public void close() {
        closed = true;
        open.values().forEach(log -> log.closed = true);
        open.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new WalException("WAL is closed");
        }
    }

    private final class MemoryLog implements WalLog {
        private final String name;
        private final NavigableMap<Long, byte[]> records;
        private final RecoveryReport recovery;
        private volatile boolean closed;

        MemoryLog(String name, NavigableMap<Long, byte[]> records) {
            this.name = name;
            this.records = records;
            // Nothing is ever torn in memory: "recovery" finds every stored record intact.
            this.recovery = new RecoveryReport(records.size(), 0, Optional.empty(), Optional.empty());
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public synchronized CompletableFuture<Long> append(long offset, ByteBuffer data) {
            if (closed) {
                return CompletableFuture.failedFuture(new WalException("log " + name + " is closed"));
            }
            if (data.remaining() > maxRecordBytes) {
                return CompletableFuture.failedFuture(new WalException("record of " + data.remaining()
                        + " bytes exceeds the maximum of " + maxRecordBytes));
            }
            if (!records.isEmpty() && offset <= records.lastKey()) {
                return CompletableFuture.failedFuture(new WalException("offset " + offset
                        + " is not greater than the last offset " + records.lastKey() + " of " + name));
            }
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            records.put(offset, copy);
            return CompletableFuture.completedFuture(offset);
        }

        @Override
        public synchronized List<WalRecord> read(long fromOffset, int maxBytes) {
            Long start = records.floorKey(fromOffset);
            NavigableMap<Long, byte[]> tail = start == null ? records : records.tailMap(start, true);
            List<WalRecord> result = new ArrayList<>();
            long bytes = 0;
            for (Map.Entry<Long, byte[]> e : tail.entrySet()) {
                int size = e.getValue().length;
                if (!result.isEmpty() && bytes + size > maxBytes) {
                    break;
                }
                result.add(new WalRecord(e.getKey(), ByteBuffer.wrap(e.getValue()).asReadOnlyBuffer()));
                bytes += size;
            }
            return result;
        }

        @Override
        public synchronized OptionalLong firstOffset() {
            return records.isEmpty() ? OptionalLong.empty() : OptionalLong.of(records.firstKey());
        }

        @Override
        public synchronized OptionalLong lastOffset() {
            return records.isEmpty() ? OptionalLong.empty() : OptionalLong.of(records.lastKey());
        }

        @Override
        public synchronized long sizeInBytes() {
            return records.values().stream().mapToLong(r -> r.length).sum();
        }

        @Override
        public synchronized CompletableFuture<Void> truncateAfter(long offset) {
            records.tailMap(offset, false).clear();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public synchronized CompletableFuture<OptionalLong> deleteBefore(long offset) {
            records.headMap(offset, false).clear();
            return CompletableFuture.completedFuture(firstOffset());
        }

        @Override
        public RecoveryReport recovery() {
            return recovery;
        }
    }
}
