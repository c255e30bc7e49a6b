package io.chronik.examples.wal.simplefile;

import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.RecoveryReport;
import io.chronik.spi.wal.WalException;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * One log: one {@link LogFile} and the {@link RecordIndex} of its visible records.
 *
 * <h2>Threading</h2>
 * Every change runs on the WAL's single writer thread, in call order: {@link #append} encodes (copies)
 * the record and checks its offset under this object's monitor, then queues the write. The writer
 * writes at the end of the file, forces it under the {@code batch} policy (one {@code force} per
 * append: no group commit, which is what keeps this WAL simple and slow), and only then publishes the
 * record in the index under {@link #lock}, so readers never see a record before its future completes
 * and never wait for a {@code force} of an append. {@link #truncateAfter} and {@link #deleteBefore}
 * hold {@link #lock} for their whole change, since they move data readers could be reading.
 */
final class SimpleFileLog implements WalLog {

    private static final int COPY_CHUNK = 1024 * 1024;

    private final String name;
    private final SimpleFileWal wal;
    private final RecoveryReport recovery;

    /** Guards the fields below it: what readers see. */
    private final Object lock = new Object();
    private LogFile file;
    private final RecordIndex index;
    private long end;
    private boolean closed;

    /** The last offset accepted by {@link #append}, in call order; guarded by {@code this}. */
    private long lastAccepted;
    private boolean anyAccepted;

    /** Written but not forced yet (interval and none policies); writer thread only. */
    private boolean dirty;

    SimpleFileLog(String name, SimpleFileWal wal, LogFile file, LogRecovery.Recovered recovered) {
        this.name = name;
        this.wal = wal;
        this.file = file;
        this.index = recovered.index();
        this.end = recovered.end();
        this.recovery = recovered.report();
        this.anyAccepted = index.count() > 0;
        this.lastAccepted = anyAccepted ? index.offset(index.count() - 1) : 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized CompletableFuture<Long> append(long offset, ByteBuffer data) {
        if (data.remaining() > wal.maxRecordBytes()) {
            return failed("record of " + data.remaining() + " bytes exceeds wal.max.record.bytes " + wal.maxRecordBytes());
        }
        if (anyAccepted && offset <= lastAccepted) {
            return failed("offset " + offset + " is not above the last appended offset " + lastAccepted);
        }
        ByteBuffer record = RecordCodec.encode(offset, data);
        lastAccepted = offset;
        anyAccepted = true;
        return wal.onWriter(name, "append", () -> write(offset, record));
    }

    private long write(long offset, ByteBuffer record) throws IOException {
        long position;
        synchronized (lock) {
            requireOpen();
            position = end;
        }
        file.write(position, record);
        if (wal.flushPolicy() instanceof FlushPolicy.Batch) {
            file.force();
        } else {
            dirty = true;
        }
        synchronized (lock) {
            index.add(offset, position);
            end = position + record.limit();
        }
        return offset;
    }

    @Override
    public List<WalRecord> read(long fromOffset, int maxBytes) {
        synchronized (lock) {
            requireOpen();
            List<WalRecord> records = new ArrayList<>();
            long total = 0;
            for (int i = index.containing(fromOffset); i < index.count(); i++) {
                long position = index.position(i);
                long next = i + 1 < index.count() ? index.position(i + 1) : end;
                int length = (int) (next - position - RecordCodec.RECORD_HEADER_LENGTH);
                if (!records.isEmpty() && total + length > maxBytes) {
                    break;
                }
                records.add(new WalRecord(index.offset(i), readData(position, length)));
                total += length;
            }
            return records;
        }
    }

    private ByteBuffer readData(long position, int length) {
        try {
            return file.read(position + RecordCodec.RECORD_HEADER_LENGTH, length).asReadOnlyBuffer();
        } catch (IOException e) {
            throw new WalException(file.path() + ": cannot read " + length + " bytes at " + position, e);
        }
    }

    @Override
    public OptionalLong firstOffset() {
        synchronized (lock) {
            return index.count() == 0 ? OptionalLong.empty() : OptionalLong.of(index.offset(0));
        }
    }

    @Override
    public OptionalLong lastOffset() {
        synchronized (lock) {
            return index.count() == 0 ? OptionalLong.empty() : OptionalLong.of(index.offset(index.count() - 1));
        }
    }

    @Override
    public long sizeInBytes() {
        synchronized (lock) {
            return end;
        }
    }

    @Override
    public synchronized CompletableFuture<Void> truncateAfter(long offset) {
        if (anyAccepted && lastAccepted > offset) {
            lastAccepted = offset;
        }
        return wal.onWriter(name, "truncateAfter", () -> {
            synchronized (lock) {
                requireOpen();
                int keep = index.firstAbove(offset);
                if (keep < index.count()) {
                    long cut = index.position(keep);
                    file.truncate(cut);
                    file.force();
                    index.keepBefore(keep);
                    end = cut;
                }
                return null;
            }
        });
    }

    @Override
    public CompletableFuture<OptionalLong> deleteBefore(long offset) {
        return wal.onWriter(name, "deleteBefore", () -> {
            synchronized (lock) {
                requireOpen();
                int start = index.firstAtOrAbove(offset);
                if (start == index.count()) {
                    file.truncate(RecordCodec.FILE_HEADER_LENGTH);
                    file.force();
                    index.keepFrom(start, 0);
                    end = RecordCodec.FILE_HEADER_LENGTH;
                } else if (start > 0) {
                    rewriteFrom(start);
                }
                return index.count() == 0 ? OptionalLong.empty() : OptionalLong.of(index.offset(0));
            }
        });
    }

    /**
     * Copies the records from index {@code start} on into a staging file, forces it and renames it over
     * the log file. A crash before the rename leaves the old file, which holds every record the new
     * one does, so no directory fsync is needed for safety.
     */
    private void rewriteFrom(int start) throws IOException {
        Path staging = wal.stagingPath(name);
        Files.deleteIfExists(staging);
        long from = index.position(start);
        try (LogFile copy = wal.openFile(staging)) {
            copy.write(0, RecordCodec.fileHeader());
            long target = RecordCodec.FILE_HEADER_LENGTH;
            for (long position = from; position < end; ) {
                ByteBuffer chunk = file.read(position, (int) Math.min(COPY_CHUNK, end - position));
                position += chunk.remaining();
                int length = chunk.remaining();
                copy.write(target, chunk);
                target += length;
            }
            copy.force();
        }
        Path path = file.path();
        file.close();
        Files.move(staging, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        file = wal.openFile(path);
        long shift = from - RecordCodec.FILE_HEADER_LENGTH;
        index.keepFrom(start, shift);
        end -= shift;
    }

    @Override
    public RecoveryReport recovery() {
        return recovery;
    }

    /** Forces what was written since the last force (interval and none policies); writer thread only. */
    void forceIfDirty() throws IOException {
        if (dirty) {
            file.force();
            dirty = false;
        }
    }

    /** Closes the file; later operations fail. Writer thread, or after the writer stopped. */
    void closeFile() throws IOException {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                file.close();
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new WalException("log " + name + " is closed");
        }
    }

    private static <T> CompletableFuture<T> failed(String message) {
        return CompletableFuture.failedFuture(new WalException(message));
    }
}
