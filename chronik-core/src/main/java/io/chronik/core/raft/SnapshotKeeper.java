package io.chronik.core.raft;

import io.chronik.core.raft.Message.SnapshotChunk;
import io.chronik.core.raft.Message.SnapshotRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quorum engine's snapshots over a {@link SnapshotStore}: restoring the newest usable one on open,
 * taking new ones and retiring old ones, serving chunks to followers below the log start, and
 * receiving one from the leader.
 *
 * <h2>Retention</h2>
 * The two newest snapshots are kept, and the log reaches back to the older of them: if the newest
 * proves unreadable on open, the older one plus the log after it still rebuilds the state, so a bad
 * snapshot costs a longer replay, never committed entries. Snapshots older than those two are deleted
 * once the newer ones are durable. An unreadable snapshot is reported (logged as an error) and
 * deleted only once an older one has been restored in its place.
 *
 * <h2>Receiving</h2>
 * One download at a time, written chunk by chunk through a {@link SnapshotStore.Writer} (so the
 * follower's memory holds one chunk, as the leader's does); a chunk that does not continue it is
 * ignored, a chunk of another snapshot from position 0 restarts it.
 *
 * <p>The list of snapshots is read from the store once, on open, and kept up to date here, so the
 * driver's frequent "is a snapshot due" asks no I/O. Engine thread only.
 */
final class SnapshotKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotKeeper.class);
    /** How many snapshots are kept; the log reaches back to the oldest of them. */
    static final int RETAINED = 2;

    private final SnapshotStore store;
    private final StateMachine stateMachine;
    private final int self;
    private final List<LogPosition> unusable = new ArrayList<>();
    /** The committed snapshots, oldest first, as the store holds them. */
    private final List<LogPosition> held;
    private Optional<Download> download = Optional.empty();

    /** A snapshot being received. */
    private record Download(LogPosition id, SnapshotStore.Writer writer) {
    }

    SnapshotKeeper(SnapshotStore store, StateMachine stateMachine, int self) {
        this.store = store;
        this.stateMachine = stateMachine;
        this.self = self;
        this.held = new ArrayList<>(store.list());
    }

    /**
     * Restores the newest snapshot the state machine accepts, trying older ones after a failure.
     *
     * @return the position it covers, {@link LogPosition#START} if there is none (or none usable: then
     *         the log must reach back to offset 0, which opening it checks)
     */
    LogPosition restoreNewest() {
        for (int i = held.size() - 1; i >= 0; i--) {
            LogPosition id = held.get(i);
            try {
                stateMachine.restore(store.readAll(id));
                LOG.info("node {}: restored the metadata snapshot that ends at {}", self, id);
                return id;
            } catch (RuntimeException e) {
                LOG.error("node {}: snapshot {} cannot be restored, falling back to an older one or the log: {}",
                        self, id, e.toString());
                unusable.add(id);
            }
        }
        return LogPosition.START;
    }

    /** Deletes the snapshots {@link #restoreNewest} could not use, now that the log opened without them. */
    void dropUnusable() {
        unusable.forEach(id -> {
            LOG.warn("node {}: deleting the unusable snapshot {}", self, id);
            store.delete(id);
            held.remove(id);
        });
        unusable.clear();
    }

    /** The newest snapshot held, if any. */
    Optional<LogPosition> newest() {
        return held.isEmpty() ? Optional.empty() : Optional.of(held.get(held.size() - 1));
    }

    /**
     * Writes the state machine's snapshot as {@code id} and deletes all but the {@value #RETAINED} newest.
     *
     * @return where the log may start now: the oldest retained snapshot, once {@value #RETAINED} are held
     */
    Optional<LogPosition> take(LogPosition id) {
        store.write(id, stateMachine.snapshot());
        held.add(id);
        while (held.size() > RETAINED) {
            store.delete(held.remove(0));
        }
        return held.size() >= RETAINED ? Optional.of(held.get(held.size() - RETAINED)) : Optional.empty();
    }

    /**
     * The chunk answering {@code request}: from the requested snapshot if it is still held, otherwise
     * from the start of the newest.
     *
     * @return empty if no snapshot is held
     */
    Optional<SnapshotChunk> chunk(int term, SnapshotRequest request, int maxBytes) {
        if (held.isEmpty()) {
            return Optional.empty();
        }
        boolean same = held.contains(request.snapshot()) && request.position() <= store.size(request.snapshot());
        LogPosition id = same ? request.snapshot() : held.get(held.size() - 1);
        long position = same ? request.position() : 0;
        return Optional.of(new SnapshotChunk(term, id, position, store.size(id), store.read(id, position, maxBytes)));
    }

    // ---------------------------------------------------------------- receiving

    /** Starts receiving snapshot {@code id}, dropping a download of another one. */
    void beginDownload(LogPosition id) {
        if (download.isPresent() && download.get().id().equals(id)) {
            return;
        }
        abortDownload();
        download = Optional.of(new Download(id, store.create(id)));
        LOG.info("node {}: below the leader's log start, fetching its snapshot {}", self, id);
    }

    boolean downloading() {
        return download.isPresent();
    }

    /** The request for the next chunk of the download in progress (which must exist). */
    SnapshotRequest nextRequest(int term) {
        Download d = download.orElseThrow();
        return new SnapshotRequest(term, d.id(), d.writer().written());
    }

    /**
     * Writes a chunk of the download; when it completes the snapshot, makes it durable, restores the
     * state machine from it and deletes every other snapshot (the log will start after this one).
     *
     * @return the installed snapshot, once complete
     */
    Optional<LogPosition> receive(SnapshotChunk chunk) {
        if (download.isEmpty()) {
            return Optional.empty();
        }
        if (!download.get().id().equals(chunk.snapshot())) {
            if (chunk.position() != 0) {
                return Optional.empty();
            }
            beginDownload(chunk.snapshot()); // the leader moved on to a newer snapshot
        }
        Download d = download.get();
        if (chunk.position() != d.writer().written()) {
            return Optional.empty(); // a duplicate or a stale answer
        }
        d.writer().append(chunk.chunk().duplicate());
        if (d.writer().written() < chunk.size()) {
            return Optional.empty();
        }
        download = Optional.empty();
        d.writer().commit();
        try {
            stateMachine.restore(store.readAll(d.id()));
        } catch (RuntimeException e) {
            LOG.error("node {}: the snapshot {} received from the leader cannot be restored; fetching again", self,
                    d.id(), e);
            store.delete(d.id());
            return Optional.empty();
        }
        held.stream().filter(id -> !id.equals(d.id())).forEach(store::delete);
        held.clear();
        held.add(d.id());
        LOG.info("node {}: installed the leader's snapshot {}", self, d.id());
        return Optional.of(d.id());
    }

    /** Drops the download in progress, if any (the leader changed or refused it). */
    void abortDownload() {
        download.ifPresent(d -> d.writer().abort());
        download = Optional.empty();
    }
}
