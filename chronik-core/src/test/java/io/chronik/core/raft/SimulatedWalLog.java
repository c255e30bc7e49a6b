package io.chronik.core.raft;

import io.chronik.spi.wal.RecoveryReport;
import io.chronik.spi.wal.WalException;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link WalLog} whose durability is a scheduled event: each append or truncation completes after a
 * random fsync delay (usually up to {@code maxFsyncMs}, one in twenty stalls up to
 * {@value #STALL_FACTOR} times longer), in issue order, and only then becomes visible. {@link #crash()} loses every
 * operation not yet completed and returns the log a restarted node reopens.
 */
final class SimulatedWalLog implements WalLog {

    private static final int STALL_FACTOR = 20;

    private final SimScheduler scheduler;
    private final Random random;
    private final int maxFsyncMs;
    private final String name;
    private final TreeMap<Long, byte[]> durable;
    private long lastIssuedOffset = -1;
    private long lastCompletionMs;
    private boolean crashed;

    SimulatedWalLog(SimScheduler scheduler, Random random, int maxFsyncMs, String name, TreeMap<Long, byte[]> durable) {
        this.scheduler = scheduler;
        this.random = random;
        this.maxFsyncMs = maxFsyncMs;
        this.name = name;
        this.durable = durable;
        this.lastIssuedOffset = durable.isEmpty() ? -1 : durable.lastKey();
    }

    /** Drops whatever was not durable; the returned log holds exactly what was. */
    SimulatedWalLog crash() {
        crashed = true;
        return new SimulatedWalLog(scheduler, random, maxFsyncMs, name, new TreeMap<>(durable));
    }

    private void complete(String what, Runnable effect) {
        long delay = 1 + random.nextInt(maxFsyncMs);
        if (random.nextInt(20) == 0) {
            delay += random.nextInt(STALL_FACTOR * maxFsyncMs); // a slow fsync now and then
        }
        long at = Math.max(scheduler.now() + delay, lastCompletionMs);
        lastCompletionMs = at;
        scheduler.at(at, name + " durable: " + what, () -> {
            if (!crashed) {
                effect.run();
            }
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<Long> append(long offset, ByteBuffer data) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        if (offset <= lastIssuedOffset) {
            f.completeExceptionally(new WalException("offset " + offset + " not above " + lastIssuedOffset));
            return f;
        }
        lastIssuedOffset = offset;
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        complete("append " + offset, () -> {
            durable.put(offset, copy);
            f.complete(offset);
        });
        return f;
    }

    @Override
    public List<WalRecord> read(long fromOffset, int maxBytes) {
        Long start = durable.floorKey(fromOffset);
        List<WalRecord> out = new ArrayList<>();
        int bytes = 0;
        for (Map.Entry<Long, byte[]> e : durable.tailMap(start == null ? fromOffset : start, true).entrySet()) {
            if (!out.isEmpty() && bytes + e.getValue().length > maxBytes) {
                break;
            }
            out.add(new WalRecord(e.getKey(), ByteBuffer.wrap(e.getValue()).asReadOnlyBuffer()));
            bytes += e.getValue().length;
        }
        return out;
    }

    @Override
    public OptionalLong firstOffset() {
        return durable.isEmpty() ? OptionalLong.empty() : OptionalLong.of(durable.firstKey());
    }

    @Override
    public OptionalLong lastOffset() {
        return durable.isEmpty() ? OptionalLong.empty() : OptionalLong.of(durable.lastKey());
    }

    @Override
    public long sizeInBytes() {
        return durable.values().stream().mapToLong(b -> b.length).sum();
    }

    @Override
    public CompletableFuture<Void> truncateAfter(long offset) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        lastIssuedOffset = Math.min(lastIssuedOffset, offset);
        complete("truncate after " + offset, () -> {
            durable.tailMap(offset, false).clear();
            f.complete(null);
        });
        return f;
    }

    @Override
    public CompletableFuture<OptionalLong> deleteBefore(long offset) {
        durable.headMap(offset, false).clear();
        return CompletableFuture.completedFuture(firstOffset());
    }

    @Override
    public RecoveryReport recovery() {
        return RecoveryReport.EMPTY;
    }
}
