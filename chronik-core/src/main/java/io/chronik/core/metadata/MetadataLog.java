package io.chronik.core.metadata;

import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node metadata log: {@link MetadataCommand}s appended to the WAL log
 * {@value #LOG_NAME} at consecutive offsets and applied to a {@link MetadataStateMachine} once
 * durable; replayed in order on open.
 *
 * <h2>Threading</h2>
 * {@link #write} is synchronized: it appends, waits for durability, applies and tells the listener
 * before the next write starts, so a writer that validates inside {@link #write}'s caller lock sees
 * every earlier command applied. It blocks for one WAL flush: call it from a request-handler thread,
 * never from an IO or WAL thread.
 */
public final class MetadataLog {

    /** The WAL log holding the metadata commands. */
    public static final String LOG_NAME = "__cluster_metadata";
    private static final Logger LOG = LoggerFactory.getLogger(MetadataLog.class);
    private static final int REPLAY_CHUNK_BYTES = 1 << 20;

    private final WalLog wal;
    private final MetadataStateMachine state = new MetadataStateMachine();
    private final Consumer<MetadataStateMachine.Applied> listener;
    private long nextOffset;

    private MetadataLog(WalLog wal, Consumer<MetadataStateMachine.Applied> listener) {
        this.wal = wal;
        this.listener = listener;
    }

    /**
     * Opens the metadata log and replays every stored command into a fresh state machine, telling
     * {@code listener} about each effect (so the caller can open or delete partition logs).
     */
    public static MetadataLog open(Wal wal, Consumer<MetadataStateMachine.Applied> listener) {
        MetadataLog log = new MetadataLog(wal.open(LOG_NAME), listener);
        log.replay();
        return log;
    }

    private void replay() {
        long position = wal.firstOffset().orElse(0);
        int commands = 0;
        while (true) {
            List<WalRecord> chunk = wal.read(position, REPLAY_CHUNK_BYTES);
            List<WalRecord> fresh = chunk.stream().filter(r -> r.offset() >= nextOffset).toList();
            if (fresh.isEmpty()) {
                break;
            }
            for (WalRecord record : fresh) {
                MetadataCommand command = MetadataCommandCodec.decode(record.data());
                listener.accept(state.apply(record.offset(), command));
                nextOffset = record.offset() + 1;
                commands++;
            }
            position = nextOffset;
        }
        LOG.info("Replayed {} metadata commands: {} topics", commands, state.topics().size());
    }

    /** The offset the next command gets: every command before it is durable and applied. */
    public synchronized long endOffset() {
        return nextOffset;
    }

    /** The current state; readers may use it from any thread. */
    public MetadataStateMachine state() {
        return state;
    }

    /**
     * Makes {@code command} durable, applies it and returns what it did.
     *
     * @throws io.chronik.spi.wal.WalException if the WAL could not store it (nothing is applied)
     */
    public synchronized MetadataStateMachine.Applied write(MetadataCommand command) {
        long offset = nextOffset;
        try {
            wal.append(offset, MetadataCommandCodec.encode(command)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        nextOffset = offset + 1;
        MetadataStateMachine.Applied applied = state.apply(offset, command);
        listener.accept(applied);
        return applied;
    }
}
