package io.chronik.wal.disruptor;

import static io.chronik.testkit.wal.WalAssertions.assertSpansMatchRead;
import static io.chronik.testkit.wal.WalAssertions.await;
import static io.chronik.testkit.wal.WalAssertions.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalSpan;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SpanReader} and the lifetime of the regions it hands out: where they point in the segment file,
 * that they never cover preallocated zeros, and that a region whose segment went away, or whose reader
 * was interrupted, fails on its own without touching the WAL.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpanReaderTest {

    private static final int RECORD = 1000;

    @TempDir
    Path dir;

    private WalFixture fixture;
    private Wal wal;

    private WalLog open(String preallocateBytes) {
        fixture = new WalFixture(dir);
        wal = fixture.open(new FlushPolicy.Batch(), Map.of("preallocate.bytes", preallocateBytes));
        return wal.open("spans");
    }

    @AfterEach
    void close() {
        if (wal != null) {
            wal.close();
        }
    }

    private static void append(WalLog log, long from, long to, int size) {
        for (long offset = from; offset <= to; offset++) {
            await(log.append(offset, WalFixture.filled(size, (int) offset)));
        }
    }

    private static FileRegion region(WalSpan span) {
        assertThat(span.data()).isInstanceOf(MessageBody.Region.class);
        return ((MessageBody.Region) span.data()).region();
    }

    @Test
    void everySpanIsTheRegionOfItsRecordsDataAndNeverReachesThePreallocatedZeros() throws IOException {
        WalLog log = open("65536");
        append(log, 0, 9, RECORD);

        List<WalSpan> spans = log.readSpans(0, Integer.MAX_VALUE);

        assertThat(spans).extracting(WalSpan::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        for (int i = 0; i < spans.size(); i++) {
            FileRegion region = region(spans.get(i));
            long recordStart = SegmentFormat.HEADER_LENGTH + (long) i * (RecordCodec.HEADER_LENGTH + RECORD);
            assertThat(region.position()).isEqualTo(recordStart + RecordCodec.HEADER_LENGTH);
            assertThat(region.length()).isEqualTo(RECORD);
            assertThat(bytes(spans.get(i))).isEqualTo(WalFixture.filled(RECORD, i).array());
        }
        FileRegion last = region(spans.get(9));
        Path segment = dir.resolve("spans").resolve(SegmentFormat.fileName(0));
        assertThat(last.position() + last.length()).as("the records end before the preallocated zeros")
                .isEqualTo(SegmentFormat.HEADER_LENGTH + 10L * (RecordCodec.HEADER_LENGTH + RECORD))
                .isLessThan(Files.size(segment));
    }

    @Test
    void regionsAreReadOnlyAndComeFromTheirSegmentsFile() {
        WalLog log = open("0");
        append(log, 0, 2, RECORD);
        FileRegion region = region(log.readSpans(1, 0).get(0));

        assertThatThrownBy(() -> region.channel().write(ByteBuffer.allocate(1), region.position()))
                .isInstanceOf(NonWritableChannelException.class);
        assertThat(fixture.files.openedFiles()).contains(dir.resolve("spans").resolve(SegmentFormat.fileName(0))
                .toAbsolutePath().normalize());
    }

    @Test
    void anInterruptedReaderClosesOnlyItsRegionChannelAndTheWalCarriesOn() {
        WalLog log = open("65536");
        append(log, 0, 4, RECORD);
        FileRegion region = region(log.readSpans(0, 0).get(0));

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> region.channel().transferTo(region.position(), region.length(),
                    discarding())).isInstanceOf(ClosedByInterruptException.class);
        } finally {
            Thread.interrupted();
        }

        assertThatThrownBy(() -> bytes(new WalSpan(0, new MessageBody.Region(region))))
                .as("the interrupted channel stays closed").hasCauseInstanceOf(ClosedChannelException.class);
        append(log, 5, 6, RECORD);
        assertThat(wal.failed()).isFalse();
        assertThat(log.readSpans(0, Integer.MAX_VALUE)).hasSize(7);
        assertSpansMatchRead(log, 0, Integer.MAX_VALUE);
    }

    @Test
    void aRegionOfADeletedSegmentFailsWithClosedChannel() {
        WalLog log = open("0");
        int large = 200_000;
        append(log, 0, 11, large);
        WalSpan first = log.readSpans(0, 0).get(0);
        FileRegion region = region(first);

        long newFirst = await(log.deleteBefore(11)).orElseThrow();

        assertThat(newFirst).as("the first segment is gone").isPositive();
        assertThatThrownBy(() -> region.channel().transferTo(region.position(), region.length(),
                discarding())).isInstanceOf(ClosedChannelException.class);
        append(log, 12, 12, large);
        assertThat(wal.failed()).isFalse();
        assertSpansMatchRead(log, 0, Integer.MAX_VALUE);
    }

    @Test
    void aRegionPastATruncationEndsEarlyAndOneOfAClosedWalFails() {
        WalLog log = open("0");
        append(log, 0, 4, RECORD);
        FileRegion kept = region(log.readSpans(0, 0).get(0));
        FileRegion cut = region(log.readSpans(4, 0).get(0));

        await(log.truncateAfter(2));

        assertThatThrownBy(() -> bytes(new WalSpan(4, new MessageBody.Region(cut))))
                .hasMessageContaining("past the end of its file");
        assertThat(bytes(new WalSpan(0, new MessageBody.Region(kept)))).isEqualTo(WalFixture.filled(RECORD, 0).array());

        wal.close();
        assertThatThrownBy(() -> kept.channel().transferTo(kept.position(), kept.length(), discarding()))
                .isInstanceOf(ClosedChannelException.class);
    }

    /** A channel that accepts and forgets every byte. */
    private static WritableByteChannel discarding() {
        return Channels.newChannel(OutputStream.nullOutputStream());
    }
}
