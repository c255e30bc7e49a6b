package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

    @Test
    void roundTripsWithTheEpochInsideTheRecord() {
        LogEntry entry = new LogEntry(41, 7, EntryKind.DATA, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        ByteBuffer bytes = EntryCodec.encode(entry);

        assertThat(bytes.remaining()).isEqualTo(EntryCodec.encodedSize(3));
        assertThat(bytes.getInt(EntryCodec.EPOCH_OFFSET)).isEqualTo(7);
        assertThat(EntryCodec.decode(41, bytes)).isEqualTo(entry);
        assertThat(bytes.position()).as("decode does not consume the buffer").isZero();
    }

    @Test
    void refusesShortNewerOrInvalidRecords() {
        assertThatThrownBy(() -> EntryCodec.decode(3, ByteBuffer.allocate(EntryCodec.PAYLOAD_OFFSET - 1)))
                .isInstanceOf(RaftFormatException.class).hasMessageContaining("offset 3");

        ByteBuffer newer = EntryCodec.encode(new LogEntry(0, 1, EntryKind.DATA, ByteBuffer.allocate(0)));
        newer.put(EntryCodec.VERSION_OFFSET, (byte) 9);
        assertThatThrownBy(() -> EntryCodec.decode(0, newer)).hasMessageContaining("format version 9");

        ByteBuffer badKind = EntryCodec.encode(new LogEntry(0, 1, EntryKind.DATA, ByteBuffer.allocate(0)));
        badKind.put(EntryCodec.KIND_OFFSET, (byte) 5);
        assertThatThrownBy(() -> EntryCodec.decode(0, badKind)).hasMessageContaining("unknown entry kind 5");

        ByteBuffer badEpoch = EntryCodec.encode(new LogEntry(0, 1, EntryKind.DATA, ByteBuffer.allocate(0)));
        badEpoch.putInt(EntryCodec.EPOCH_OFFSET, 0);
        assertThatThrownBy(() -> EntryCodec.decode(0, badEpoch)).hasMessageContaining("invalid epoch 0");
    }
}
