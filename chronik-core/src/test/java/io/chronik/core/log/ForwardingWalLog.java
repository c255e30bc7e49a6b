package io.chronik.core.log;

import io.chronik.spi.wal.RecoveryReport;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import io.chronik.spi.wal.WalSpan;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** A {@link WalLog} that forwards every call to another; test WALs override what they change. */
public abstract class ForwardingWalLog implements WalLog {

    protected final WalLog log;

    protected ForwardingWalLog(WalLog log) {
        this.log = log;
    }

    @Override
    public String name() {
        return log.name();
    }

    @Override
    public CompletableFuture<Long> append(long offset, ByteBuffer data) {
        return log.append(offset, data);
    }

    @Override
    public List<WalRecord> read(long fromOffset, int maxBytes) {
        return log.read(fromOffset, maxBytes);
    }

    @Override
    public List<WalSpan> readSpans(long fromOffset, int maxBytes) {
        return log.readSpans(fromOffset, maxBytes);
    }

    @Override
    public OptionalLong firstOffset() {
        return log.firstOffset();
    }

    @Override
    public OptionalLong lastOffset() {
        return log.lastOffset();
    }

    @Override
    public long sizeInBytes() {
        return log.sizeInBytes();
    }

    @Override
    public CompletableFuture<Void> truncateAfter(long offset) {
        return log.truncateAfter(offset);
    }

    @Override
    public CompletableFuture<OptionalLong> deleteBefore(long offset) {
        return log.deleteBefore(offset);
    }

    @Override
    public RecoveryReport recovery() {
        return log.recovery();
    }
}
