package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSnapshotStoreTest {

    @TempDir
    Path dir;

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSnapshotIsListedOnlyOnceCommittedAndReadsBackInChunks() {
        FileSnapshotStore store = new FileSnapshotStore(dir.resolve("snapshots"));
        LogPosition id = new LogPosition(3, 120);
        SnapshotStore.Writer writer = store.create(id);
        writer.append(text("hello "));
        writer.append(text("snapshot"));
        assertThat(store.list()).as("not yet committed").isEmpty();
        assertThat(writer.written()).isEqualTo(14);
        writer.commit();

        assertThat(store.list()).containsExactly(id);
        assertThat(store.size(id)).isEqualTo(14);
        assertThat(StandardCharsets.UTF_8.decode(store.read(id, 6, 4)).toString()).isEqualTo("snap");
        assertThat(StandardCharsets.UTF_8.decode(store.read(id, 10, 100)).toString()).isEqualTo("shot");
        assertThat(StandardCharsets.UTF_8.decode(store.readAll(id)).toString()).isEqualTo("hello snapshot");
        assertThatThrownBy(() -> store.read(id, 15, 1)).isInstanceOf(RaftException.class)
                .hasMessageContaining("outside");
    }

    @Test
    void listsOldestFirstAndDeletes() {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        store.write(new LogPosition(2, 1000), text("b"));
        store.write(new LogPosition(1, 20), text("a"));
        store.write(new LogPosition(5, 30_000), text("c"));
        assertThat(store.list()).containsExactly(new LogPosition(1, 20), new LogPosition(2, 1000),
                new LogPosition(5, 30_000));
        store.delete(new LogPosition(2, 1000));
        assertThat(store.list()).containsExactly(new LogPosition(1, 20), new LogPosition(5, 30_000));
    }

    @Test
    void filesThatNameNoSnapshotPositionAreIgnored() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        store.write(new LogPosition(1, 20), text("a"));
        Files.writeString(dir.resolve("00000000000000000030-9999999999.snapshot"), "epoch out of range");
        Files.writeString(dir.resolve("notes.txt"), "not a snapshot");
        assertThat(store.list()).containsExactly(new LogPosition(1, 20));
    }

    @Test
    void aPartialWriteLeftByACrashIsNeverListedAndIsCleanedOnOpen() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        SnapshotStore.Writer crashed = store.create(new LogPosition(1, 50));
        crashed.append(text("half"));
        // no commit: the process "dies" here
        assertThat(store.list()).isEmpty();

        FileSnapshotStore reopened = new FileSnapshotStore(dir);
        assertThat(reopened.list()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anAbortedWriteLeavesNothing() throws Exception {
        FileSnapshotStore store = new FileSnapshotStore(dir);
        SnapshotStore.Writer writer = store.create(new LogPosition(1, 50));
        writer.append(text("x"));
        writer.abort();
        writer.abort();
        assertThat(store.list()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class);
    }
}
