package io.chronik.core.cluster;

import io.chronik.core.raft.EntryCodec;
import io.chronik.core.raft.QuorumState;
import io.chronik.core.raft.QuorumStateStore;
import io.chronik.spi.wal.WalLog;
import java.util.OptionalInt;

/**
 * The quorum state of a quorum of one, derived from its log instead of a file: the term is the epoch
 * of the last entry, and there is no vote to remember. That is enough when nobody else votes: the
 * next election starts a term above every entry's epoch, so epochs keep growing, and a term in which
 * nothing became durable was never seen by another node. For an embedded broker without a data
 * directory of its own; a node with a data directory uses {@link io.chronik.core.raft.FileQuorumStateStore}.
 * Engine thread only.
 */
public final class SoleVoterStateStore implements QuorumStateStore {

    private final WalLog log;
    private QuorumState state;

    public SoleVoterStateStore(WalLog log) {
        this.log = log;
    }

    @Override
    public QuorumState load() {
        if (state == null) {
            int epoch = log.lastOffset().stream()
                    .mapToObj(last -> log.read(last, Integer.MAX_VALUE).stream().filter(r -> r.offset() == last)
                            .findFirst().orElseThrow())
                    .mapToInt(record -> EntryCodec.decode(record.offset(), record.data()).epoch())
                    .findFirst().orElse(0);
            state = new QuorumState(epoch, OptionalInt.empty());
        }
        return state;
    }

    @Override
    public void save(QuorumState newState) {
        state = newState;
    }
}
