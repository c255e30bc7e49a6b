package io.chronik.testkit.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.wal.WalException;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import io.chronik.spi.wal.WalSpan;
import io.chronik.testkit.TestPluginContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks on WAL records and append futures that the compatibility kit uses and that a WAL's own
 * tests can use too: distinctive payloads, bounded waits for futures, reading a whole log back
 * through {@link WalLog#read} in bounded chunks, and comparing {@link WalLog#readSpans} with it.
 */
public final class WalAssertions {

    /** How long any single wait for a WAL future may take before the test fails. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private WalAssertions() {
    }

    /**
     * A distinctive payload: the tag's characters followed by bytes from a random generator seeded with
     * the tag, so every tag yields different bytes that can be found in a file again.
     */
    public static byte[] payload(String tag, int size) {
        byte[] data = new byte[size];
        new Random(tag.hashCode() * 31L + size).nextBytes(data);
        byte[] name = tag.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, data, 0, Math.min(name.length, size));
        return data;
    }

    /** Waits for a future that must succeed. */
    public static <T> T await(Future<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, failed with " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("not completed within " + WAIT, e);
        }
    }

    /** Asserts a future fails with a {@link WalException}, as the contract says every failed append does. */
    public static void assertFailsWithWalException(Future<?> future) {
        assertThatThrownBy(() -> future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(WalException.class);
    }
    /** Reads the whole log in bounded chunks and compares offsets and bytes with {@code expected}. */
    public static void assertRecords(WalLog log, Map<Long, byte[]> expected) {
        List<WalRecord> records = readAll(log);
        assertThat(offsets(records)).as("offsets of log %s", log.name()).containsExactlyElementsOf(expected.keySet());
        for (WalRecord record : records) {
            assertThat(bytes(record)).as("data of record %d in log %s", record.offset(), log.name())
                    .isEqualTo(expected.get(record.offset()));
        }
    }

    /** Every visible record, read in chunks of 256 KiB (plus one record; more when one record fills a chunk). */
    public static List<WalRecord> readAll(WalLog log) {
        int chunkBytes = 256 * 1024;
        List<WalRecord> all = new ArrayList<>();
        long next = Long.MIN_VALUE;
        while (true) {
            long from = next;
            int maxBytes = chunkBytes;
            List<WalRecord> read = log.read(from, maxBytes);
            // With sparse offsets, from (last + 1) lies inside the record already read; while that record
            // alone fills the chunk and is not the log's last, ask again with more room.
            while (read.size() == 1 && read.get(0).offset() < from && maxBytes <= Integer.MAX_VALUE / 2
                    && log.lastOffset().orElse(Long.MIN_VALUE) > read.get(0).offset()) {
                maxBytes *= 2;
                read = log.read(from, maxBytes);
            }
            List<WalRecord> chunk = read.stream().filter(r -> r.offset() >= from).toList();
            if (chunk.isEmpty()) {
                return all;
            }
            all.addAll(chunk);
            long last = chunk.get(chunk.size() - 1).offset();
            if (last == Long.MAX_VALUE) {
                return all;
            }
            next = last + 1;
        }
    }

    /**
     * Reads {@code log} both ways with the same arguments and asserts that {@link WalLog#readSpans}
     * returned the records {@link WalLog#read} did: the same offsets in the same order and byte-identical
     * data, a file region's read with positional reads.
     *
     * @return the records {@code read} returned
     */
    public static List<WalRecord> assertSpansMatchRead(WalLog log, long fromOffset, int maxBytes) {
        List<WalRecord> records = log.read(fromOffset, maxBytes);
        List<WalSpan> spans = log.readSpans(fromOffset, maxBytes);
        String call = "readSpans(" + fromOffset + ", " + maxBytes + ") of log " + log.name();
        assertThat(spans.stream().map(WalSpan::offset).toList()).as("offsets of %s", call)
                .containsExactlyElementsOf(offsets(records));
        for (int i = 0; i < spans.size(); i++) {
            WalSpan span = spans.get(i);
            assertThat(span.size()).as("size of record %d from %s", span.offset(), call)
                    .isEqualTo(records.get(i).data().remaining());
            assertThat(bytes(span)).as("data of record %d from %s", span.offset(), call)
                    .isEqualTo(bytes(records.get(i)));
        }
        return records;
    }

    /** The data of a span: its bytes, or its file region read with positional reads. */
    public static byte[] bytes(WalSpan span) {
        if (span.data() instanceof MessageBody.Bytes bytes) {
            return TestPluginContext.bytes(bytes.buffer());
        }
        FileRegion region = ((MessageBody.Region) span.data()).region();
        ByteBuffer data = ByteBuffer.allocate((int) region.length());
        try {
            while (data.hasRemaining()) {
                if (region.channel().read(data, region.position() + data.position()) < 0) {
                    throw new AssertionError("the file region of record " + span.offset() + " (" + region
                            + ") ends after " + data.position() + " bytes, past the end of its file");
                }
            }
        } catch (IOException e) {
            throw new AssertionError("reading the file region of record " + span.offset() + " failed: " + e, e);
        }
        return data.array();
    }

    public static List<Long> offsets(List<WalRecord> records) {
        return records.stream().map(WalRecord::offset).toList();
    }

    public static byte[] bytes(WalRecord record) {
        return TestPluginContext.bytes(record.data());
    }
}
