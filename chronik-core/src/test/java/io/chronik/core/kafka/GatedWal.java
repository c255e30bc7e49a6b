package io.chronik.core.kafka;

import io.chronik.core.cluster.MetadataQuorum;
import io.chronik.core.log.ForwardingWalLog;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import io.chronik.testkit.wal.MemoryWal;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link MemoryWal} whose partition-log appends become durable only when the test opens (or
 * fails) the gate, to observe what the broker does before durability. The metadata log is not
 * gated, so topics can be created.
 */
final class GatedWal implements Wal {

    private final MemoryWal delegate = new MemoryWal(new MemoryWal.Storage(), 1 << 20);
    final CompletableFuture<Void> gate = new CompletableFuture<>();

    @Override
    public WalLog open(String name) {
        WalLog log = delegate.open(name);
        return name.equals(MetadataQuorum.LOG_NAME) ? log : new GatedLog(log);
    }

    @Override
    public Set<String> logNames() {
        return delegate.logNames();
    }

    @Override
    public void delete(String name) {
        delegate.delete(name);
    }

    @Override
    public boolean failed() {
        return gate.isCompletedExceptionally();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class GatedLog extends ForwardingWalLog {

        GatedLog(WalLog log) {
            super(log);
        }

        @Override
        public CompletableFuture<Long> append(long offset, ByteBuffer data) {
            return log.append(offset, data).thenCombine(gate, (stored, open) -> stored);
        }
    }
}
