package io.chronik.core.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.core.cluster.PeerChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HighWatermarkCheckpointTest {

    private static final Uuid ID = new Uuid(0x0102030405060708L, 0x1112131415161718L);
    private static final Map<PeerChannel.Partition, Long> TWO = Map.of(new PeerChannel.Partition(ID, 3), 42L,
            new PeerChannel.Partition(new Uuid(9, 9), 0), 0L);

    @TempDir
    Path dir;

    @Test
    void roundTripsAndEncodesVersionOneStably() {
        assertThat(HighWatermarkCheckpoint.decode(HighWatermarkCheckpoint.encode(TWO))).isEqualTo(TWO);
        assertThat(HighWatermarkCheckpoint.decode(HighWatermarkCheckpoint.encode(Map.of()))).isEmpty();
        ByteBuffer one = HighWatermarkCheckpoint.encode(Map.of(new PeerChannel.Partition(ID, 3), 42L));
        String hex = HexFormat.of().formatHex(one.array());
        assertThat(hex.substring(0, hex.length() - 8)).isEqualTo("4857434b" + "0001" + "00000001"
                + "0102030405060708" + "1112131415161718" + "00000003" + "000000000000002a");
    }

    @Test
    void refusesCorruptTruncatedAndForeignBytesNamingTheProblem() {
        byte[] bytes = HighWatermarkCheckpoint.encode(TWO).array();
        byte[] flipped = bytes.clone();
        flipped[20] ^= 1;
        assertThatThrownBy(() -> HighWatermarkCheckpoint.decode(ByteBuffer.wrap(flipped)))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> HighWatermarkCheckpoint.decode(ByteBuffer.wrap(bytes, 0, bytes.length - 1)))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("bytes");
        assertThatThrownBy(() -> HighWatermarkCheckpoint.decode(ByteBuffer.wrap(new byte[3])))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("cut short");
        byte[] otherVersion = bytes.clone();
        otherVersion[5] = 2;
        assertThatThrownBy(() -> HighWatermarkCheckpoint.decode(ByteBuffer.wrap(otherVersion)))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> HighWatermarkCheckpoint.decode(ByteBuffer.wrap("2\n0\n".getBytes())))
                .isInstanceOf(CheckpointFormatException.class).hasMessageContaining("magic");
    }

    @Test
    void theFileReplacesItsContentAndTreatsAMissingOrCorruptFileAsEmpty() throws Exception {
        HighWatermarkCheckpointFile file = new HighWatermarkCheckpointFile(dir);
        assertThat(file.read()).isEmpty();

        file.write(TWO);
        assertThat(file.read()).isEqualTo(TWO);
        file.write(Map.of(new PeerChannel.Partition(ID, 3), 50L));
        assertThat(file.read()).containsExactly(Map.entry(new PeerChannel.Partition(ID, 3), 50L));
        assertThat(dir.resolve(HighWatermarkCheckpointFile.FILE_NAME + ".tmp")).doesNotExist();

        Path stored = dir.resolve(HighWatermarkCheckpointFile.FILE_NAME);
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length - 1] ^= 0x55;
        Files.write(stored, bytes);
        assertThat(file.read()).as("corrupt: reported and ignored").isEmpty();
    }
}
