package io.chronik.core.raft;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link SnapshotStore} in memory for simulations: a committed snapshot survives a simulated crash. */
final class MemorySnapshotStore implements SnapshotStore {

    private final Map<LogPosition, byte[]> snapshots = new TreeMap<>(
            Comparator.comparingLong(LogPosition::endOffset).thenComparingInt(LogPosition::epoch));

    @Override
    public List<LogPosition> list() {
        return new ArrayList<>(snapshots.keySet());
    }

    @Override
    public long size(LogPosition id) {
        return bytes(id).length;
    }

    @Override
    public ByteBuffer read(LogPosition id, long position, int maxBytes) {
        byte[] bytes = bytes(id);
        int from = (int) position;
        return ByteBuffer.wrap(bytes, from, Math.min(maxBytes, bytes.length - from)).slice();
    }

    private byte[] bytes(LogPosition id) {
        byte[] bytes = snapshots.get(id);
        if (bytes == null) {
            throw new RaftException("no snapshot " + id);
        }
        return bytes;
    }

    @Override
    public Writer create(LogPosition id) {
        return new Writer() {
            private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

            @Override
            public void append(ByteBuffer chunk) {
                byte[] bytes = new byte[chunk.remaining()];
                chunk.get(bytes);
                out.writeBytes(bytes);
            }

            @Override
            public long written() {
                return out.size();
            }

            @Override
            public void commit() {
                snapshots.put(id, out.toByteArray());
            }

            @Override
            public void abort() {
                out.reset();
            }
        };
    }

    @Override
    public void delete(LogPosition id) {
        snapshots.remove(id);
    }
}
