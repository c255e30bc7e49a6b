package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileQuorumStateStoreTest {

    @TempDir
    Path dir;

    @Test
    void startsInitialAndKeepsTheLastSavedStateAcrossInstances() {
        Path file = dir.resolve("quorum-state");
        assertThat(new FileQuorumStateStore(file).load()).isEqualTo(QuorumState.INITIAL);

        new FileQuorumStateStore(file).save(new QuorumState(3, OptionalInt.of(2)));
        new FileQuorumStateStore(file).save(new QuorumState(4, OptionalInt.empty()));

        assertThat(new FileQuorumStateStore(file).load()).isEqualTo(new QuorumState(4, OptionalInt.empty()));
        assertThat(dir.resolve("quorum-state.tmp")).doesNotExist();
    }

    @Test
    void refusesACorruptFile() throws Exception {
        Path file = dir.resolve("quorum-state");
        new FileQuorumStateStore(file).save(new QuorumState(7, OptionalInt.of(1)));
        byte[] bytes = Files.readAllBytes(file);
        bytes[QuorumStateCodec.TERM_OFFSET] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> new FileQuorumStateStore(file).load()).isInstanceOf(RaftFormatException.class)
                .hasMessageContaining("CRC mismatch");
        Files.write(file, new byte[3]);
        assertThatThrownBy(() -> new FileQuorumStateStore(file).load()).hasMessageContaining("has 3 bytes");
    }
}
