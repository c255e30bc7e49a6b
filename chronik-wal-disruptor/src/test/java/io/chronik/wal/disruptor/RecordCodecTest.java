package io.chronik.wal.disruptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.wal.WalCorruptionException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    private static ByteBuffer encode(long offset, ByteBuffer data) {
        ByteBuffer record = ByteBuffer.allocate(RecordCodec.HEADER_LENGTH + data.remaining());
        RecordCodec.encodeHeader(record, offset, data);
        record.put(data.duplicate()).flip();
        return record;
    }

    @Test
    void recordLayoutIsLengthOffsetCrcThenData() {
        ByteBuffer data = WalFixture.text("hello");
        ByteBuffer record = encode(42, data);

        assertThat(RecordCodec.HEADER_LENGTH).isEqualTo(16);
        assertThat(record.getInt(0)).isEqualTo(5);
        assertThat(record.getLong(4)).isEqualTo(42);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 0, 12);
        crc.update(record.array(), 16, 5);
        assertThat(record.getInt(12)).isEqualTo((int) crc.getValue());
        assertThat(new String(record.array(), 16, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(data.remaining()).as("input untouched").isEqualTo(5);
    }

    @Test
    void roundTripsHeaderAndDetectsDamageInHeaderOrData() {
        ByteBuffer record = encode(7, WalFixture.filled(100, 3));
        RecordCodec.Header header = RecordCodec.decodeHeader(record, 0);
        assertThat(header.length()).isEqualTo(100);
        assertThat(header.offset()).isEqualTo(7);
        assertThat(header.recordBytes()).isEqualTo(116);
        assertThat(RecordCodec.crcMatches(record)).isTrue();

        for (int position : new int[] {RecordCodec.OFFSET_OFFSET + 7, RecordCodec.HEADER_LENGTH + 50}) {
            ByteBuffer damaged = ByteBuffer.allocate(record.remaining()).put(record.duplicate()).flip();
            damaged.put(position, (byte) (damaged.get(position) ^ 1));
            assertThat(RecordCodec.crcMatches(damaged)).as("flip at %d", position).isFalse();
        }
    }

    @Test
    void zeroFilledBytesAreNeverAValidRecord() {
        assertThat(RecordCodec.crcMatches(ByteBuffer.allocate(RecordCodec.HEADER_LENGTH))).isFalse();
    }

    @Test
    void emptyDataIsAValidRecord() {
        ByteBuffer record = encode(0, ByteBuffer.allocate(0));
        assertThat(record.remaining()).isEqualTo(RecordCodec.HEADER_LENGTH);
        assertThat(RecordCodec.crcMatches(record)).isTrue();
    }

    @Test
    void segmentHeaderRoundTripsAndNamesSortByOffset() {
        ByteBuffer header = SegmentFormat.encodeHeader(1234);
        assertThat(header.remaining()).isEqualTo(SegmentFormat.HEADER_LENGTH).isEqualTo(24);
        assertThat(header.getInt(SegmentFormat.MAGIC_OFFSET)).isEqualTo(0x43485257);
        assertThat(header.getShort(SegmentFormat.VERSION_OFFSET)).isEqualTo((short) 2);
        assertThat(SegmentFormat.decodeHeader(header, Path.of("x.seg")))
                .isEqualTo(new SegmentFormat.Header((short) 2, 1234));

        assertThat(SegmentFormat.fileName(1234)).isEqualTo("00000000000000001234.seg");
        assertThat(SegmentFormat.baseOffsetOf("00000000000000001234.seg")).hasValue(1234);
        assertThat(SegmentFormat.baseOffsetOf("1234.seg")).isEmpty();
        assertThat(SegmentFormat.baseOffsetOf("00000000000000001234.idx")).isEmpty();
    }

    @Test
    void segmentHeaderRejectsUnknownMagicVersionAndDamage() {
        ByteBuffer badMagic = SegmentFormat.encodeHeader(0).putInt(SegmentFormat.MAGIC_OFFSET, 0x12345678);
        assertThatThrownBy(() -> SegmentFormat.decodeHeader(badMagic, Path.of("a.seg")))
                .isInstanceOf(WalCorruptionException.class).hasMessageContaining("magic");

        ByteBuffer newer = SegmentFormat.encodeHeader(0).putShort(SegmentFormat.VERSION_OFFSET, (short) 3);
        assertThatThrownBy(() -> SegmentFormat.decodeHeader(newer, Path.of("a.seg")))
                .isInstanceOf(WalCorruptionException.class).hasMessageContaining("version 3");

        ByteBuffer damaged = SegmentFormat.encodeHeader(0).putLong(SegmentFormat.BASE_OFFSET_OFFSET, 99);
        assertThatThrownBy(() -> SegmentFormat.decodeHeader(damaged, Path.of("a.seg")))
                .isInstanceOf(WalCorruptionException.class).hasMessageContaining("CRC");
    }

    @Test
    void sparseIndexFindsTheLastEntryAtOrBelowAnOffset() {
        SparseIndex index = new SparseIndex(256);
        for (int i = 0; i < 100; i++) {
            index.onRecord(i * 10L, SegmentFormat.HEADER_LENGTH + i * 100L);
        }
        // one entry per >= 256 bytes: records 3, 6, 9, ...
        assertThat(index.entryCount()).isEqualTo(33);
        assertThat(index.floorPosition(5)).isEqualTo(SegmentFormat.HEADER_LENGTH);
        assertThat(index.floorPosition(35)).isEqualTo(SegmentFormat.HEADER_LENGTH + 300);
        assertThat(index.floorPosition(10_000)).isEqualTo(SegmentFormat.HEADER_LENGTH + 9900);
        index.truncateTo(SegmentFormat.HEADER_LENGTH + 600);
        assertThat(index.floorPosition(10_000)).isEqualTo(SegmentFormat.HEADER_LENGTH + 300);
    }
}
