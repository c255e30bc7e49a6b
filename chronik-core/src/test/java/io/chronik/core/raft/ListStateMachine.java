package io.chronik.core.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The tests' state machine: the list of every applied payload (as text), so two replicas agree
 * exactly when their lists are equal. Its snapshot is the whole list: count int32, then per payload
 * length int32 | UTF-8 bytes.
 */
final class ListStateMachine implements StateMachine {

    private final List<String> applied = new ArrayList<>();
    private int restores;

    @Override
    public void apply(LogEntry entry) {
        applied.add(CommittedHistory.text(entry));
    }

    @Override
    public ByteBuffer snapshot() {
        List<byte[]> encoded = applied.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        ByteBuffer buf = ByteBuffer.allocate(Integer.BYTES * (1 + encoded.size())
                + encoded.stream().mapToInt(b -> b.length).sum());
        buf.putInt(encoded.size());
        encoded.forEach(b -> buf.putInt(b.length).put(b));
        return buf.flip();
    }

    @Override
    public void restore(ByteBuffer snapshot) {
        ByteBuffer buf = snapshot.duplicate();
        List<String> restored = new ArrayList<>();
        for (int i = 0, n = buf.getInt(); i < n; i++) {
            byte[] bytes = new byte[buf.getInt()];
            buf.get(bytes);
            restored.add(new String(bytes, StandardCharsets.UTF_8));
        }
        if (buf.hasRemaining()) {
            throw new IllegalArgumentException(buf.remaining() + " bytes after the snapshot's payloads");
        }
        applied.clear();
        applied.addAll(restored);
        restores++;
    }

    /** Every payload applied, in order (restored ones first). */
    List<String> applied() {
        return Collections.unmodifiableList(applied);
    }

    /** How many times the state was replaced by a snapshot. */
    int restores() {
        return restores;
    }
}
