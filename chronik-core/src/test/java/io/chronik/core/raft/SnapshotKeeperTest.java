package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.core.raft.Message.SnapshotChunk;
import io.chronik.core.raft.Message.SnapshotRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Taking, retiring, serving and receiving snapshots, one mechanism at a time. */
class SnapshotKeeperTest {

    private final MemorySnapshotStore store = new MemorySnapshotStore();
    private final ListStateMachine state = new ListStateMachine();
    private final SnapshotKeeper keeper = new SnapshotKeeper(store, state, 1);

    private void apply(String payload) {
        state.apply(new LogEntry(state.applied().size(), 1, EntryKind.DATA,
                ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void keepsTheTwoNewestAndLetsTheLogStartAtTheOlder() {
        apply("a");
        assertThat(keeper.take(new LogPosition(1, 1))).as("one snapshot: the log must keep everything").isEmpty();
        apply("b");
        assertThat(keeper.take(new LogPosition(1, 2))).contains(new LogPosition(1, 1));
        apply("c");
        assertThat(keeper.take(new LogPosition(2, 3))).contains(new LogPosition(1, 2));
        assertThat(store.list()).containsExactly(new LogPosition(1, 2), new LogPosition(2, 3));
        assertThat(keeper.newest()).contains(new LogPosition(2, 3));
    }

    @Test
    void servesTheRequestedSnapshotWhileHeldAndTheNewestFromItsStartOtherwise() {
        apply("first");
        keeper.take(new LogPosition(1, 1));
        apply("second");
        keeper.take(new LogPosition(1, 2));

        SnapshotChunk middle = keeper.chunk(3, new SnapshotRequest(3, new LogPosition(1, 1), 4), 5).orElseThrow();
        assertThat(middle.snapshot()).isEqualTo(new LogPosition(1, 1));
        assertThat(middle.position()).isEqualTo(4);
        assertThat(middle.chunk().remaining()).isEqualTo(5);
        assertThat(middle.size()).isEqualTo(store.size(new LogPosition(1, 1)));

        SnapshotChunk gone = keeper.chunk(3, new SnapshotRequest(3, new LogPosition(1, 0), 4), 5).orElseThrow();
        assertThat(gone.snapshot()).as("retired: the newest instead").isEqualTo(new LogPosition(1, 2));
        assertThat(gone.position()).isZero();

        SnapshotKeeper empty = new SnapshotKeeper(new MemorySnapshotStore(), new ListStateMachine(), 2);
        assertThat(empty.chunk(3, new SnapshotRequest(3, new LogPosition(1, 1), 0), 5)).isEmpty();
    }

    @Test
    void receivesInOrderChunksOnlyAndInstallsTheCompleteSnapshot() {
        ListStateMachine leaderState = new ListStateMachine();
        leaderState.apply(new LogEntry(0, 1, EntryKind.DATA, ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8))));
        leaderState.apply(new LogEntry(1, 1, EntryKind.DATA, ByteBuffer.wrap("y".getBytes(StandardCharsets.UTF_8))));
        ByteBuffer bytes = leaderState.snapshot();
        LogPosition id = new LogPosition(1, 2);
        apply("stale");
        keeper.take(new LogPosition(1, 1));

        keeper.beginDownload(id);
        assertThat(keeper.nextRequest(4)).isEqualTo(new SnapshotRequest(4, id, 0));
        assertThat(keeper.receive(chunk(id, bytes, 4, 4))).as("not where the download is").isEmpty();
        assertThat(keeper.receive(chunk(id, bytes, 0, 4))).isEmpty();
        assertThat(keeper.receive(chunk(id, bytes, 0, 4))).as("a duplicate").isEmpty();
        assertThat(keeper.nextRequest(4).position()).isEqualTo(4);
        Optional<LogPosition> installed = keeper.receive(chunk(id, bytes, 4, bytes.remaining() - 4));

        assertThat(installed).contains(id);
        assertThat(state.applied()).containsExactly("x", "y");
        assertThat(store.list()).as("older snapshots are useless below the new log start").containsExactly(id);
        assertThat(keeper.downloading()).isFalse();
    }

    @Test
    void aReceivedSnapshotTheStateMachineRefusesIsDroppedAndNotInstalled() {
        apply("kept");
        ByteBuffer garbage = ByteBuffer.wrap(new byte[] {0, 0, 0, 5, 1});
        LogPosition id = new LogPosition(1, 9);
        keeper.beginDownload(id);

        assertThat(keeper.receive(chunk(id, garbage, 0, garbage.remaining()))).isEmpty();
        assertThat(state.applied()).containsExactly("kept");
        assertThat(store.list()).doesNotContain(id);
        assertThat(keeper.downloading()).isFalse();
    }

    private static SnapshotChunk chunk(LogPosition id, ByteBuffer bytes, int from, int length) {
        return new SnapshotChunk(4, id, from, bytes.remaining(), bytes.duplicate().position(from).limit(from + length)
                .slice());
    }
}
