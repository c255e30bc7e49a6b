package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.core.log.SpanCopier;
import io.chronik.core.network.ResponseFrame;
import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.wal.WalSpan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordsSend;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Fetch response encoded as parts, its records left as WAL regions and buffers, is byte for byte
 * the response encoded into one buffer with the same records as {@link MemoryRecords}.
 */
class ChunkedFetchEncodingTest {

    @TempDir
    Path dir;

    private final List<ByteBuffer> batches = new ArrayList<>();
    private FileChannel segment;
    private List<WalSpan> spans;

    @BeforeEach
    void writeSegment() throws IOException {
        long offset = 0;
        for (int b = 0; b < 3; b++) {
            SimpleRecord[] records = new SimpleRecord[b + 2];
            for (int i = 0; i < records.length; i++) {
                records[i] = new SimpleRecord(1000L + i, ("k" + b + i).getBytes(), ("value-" + b + "-" + i).getBytes());
            }
            Compression compression = b == 1 ? Compression.gzip().build() : Compression.NONE;
            batches.add(MemoryRecords.withRecords(offset, compression, records).buffer());
            offset += records.length;
        }
        Path path = dir.resolve("segment");
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.allocate(17)); // the WAL's own header before the first record
            for (ByteBuffer batch : batches) {
                out.write(batch.duplicate());
            }
        }
        segment = FileChannel.open(path, StandardOpenOption.READ);
        int first = batches.get(0).remaining();
        int second = batches.get(1).remaining();
        spans = List.of(
                new WalSpan(0, new MessageBody.Region(new FileRegion(segment, 17, first))),
                new WalSpan(2, new MessageBody.Bytes(batches.get(1).duplicate())),
                new WalSpan(5, new MessageBody.Region(new FileRegion(segment, 17 + first + second,
                        batches.get(2).remaining()))));
    }

    @AfterEach
    void close() throws IOException {
        segment.close();
    }

    private ByteBuffer allBatches() {
        return SpanCopier.copy(batches.stream().<MessageBody>map(b -> new MessageBody.Bytes(b.duplicate())).toList());
    }

    private static FetchResponseData response(short version, Function<Integer, BaseRecords> records) {
        FetchResponseData response = new FetchResponseData().setThrottleTimeMs(5);
        for (int t = 0; t < 2; t++) {
            FetchResponseData.FetchableTopicResponse topic = new FetchResponseData.FetchableTopicResponse()
                    .setTopicId(version >= 13 ? new Uuid(7, t) : Uuid.ZERO_UUID)
                    .setTopic(version >= 13 ? "" : "topic-" + t);
            for (int p = 0; p < 3; p++) {
                PartitionData partition = new PartitionData().setPartitionIndex(p).setHighWatermark(9)
                        .setLastStableOffset(9).setLogStartOffset(0).setRecords(records.apply(t * 3 + p));
                if (p == 2) {
                    partition.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code()).setRecords(MemoryRecords.EMPTY);
                }
                topic.partitions().add(partition);
            }
            response.responses().add(topic);
        }
        return response;
    }

    static List<Short> versions() {
        List<Short> versions = new ArrayList<>();
        for (short v = 4; v <= ApiKeys.FETCH.latestVersion(); v++) {
            versions.add(v);
        }
        return versions;
    }

    @ParameterizedTest
    @MethodSource("versions")
    void chunkedEncodingEqualsTheOneBufferEncoding(short version) {
        // partition 0 of each topic has records, partition 1 none, partition 2 an error
        FetchResponseData chunked = response(version,
                i -> i % 3 == 0 ? new SpanRecords(spans) : new SpanRecords(List.of()));
        FetchResponseData plain = response(version, i -> i % 3 == 0 ? MemoryRecords.readableRecords(allBatches())
                : MemoryRecords.EMPTY);

        ResponseFrame frame = ResponseFrames.encodeChunked(ApiKeys.FETCH, version, 42, chunked);
        ByteBuffer expected = ResponseFrames.encode(ApiKeys.FETCH, version, 42, plain);

        assertThat(frame.size()).isEqualTo(expected.remaining());
        assertThat(SpanCopier.copy(frame.parts())).isEqualTo(expected);
        assertThat(frame.parts()).filteredOn(part -> part instanceof MessageBody.Region)
                .as("the records' file regions are parts of the frame, not copied").hasSize(4);
    }

    @Test
    void toSendTransfersTheRecordsThroughAKafkaChannelInPieces() throws IOException {
        SpanRecords records = new SpanRecords(spans);
        RecordsSend<SpanRecords> send = records.toSend();
        Path out = dir.resolve("sent");
        try (FileChannel target = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ThrottledChannel channel = new ThrottledChannel(target, 50);
            int calls = 0;
            while (!send.completed()) {
                send.writeTo(channel);
                calls++;
            }
            assertThat(calls).isGreaterThan(1);
        }
        assertThat(ByteBuffer.wrap(Files.readAllBytes(out))).isEqualTo(allBatches());
        assertThat(send.size()).isEqualTo(records.sizeInBytes());
    }

    /** A Kafka channel over a file that takes at most {@code limit} bytes per call, like a full socket. */
    private static final class ThrottledChannel implements TransferableChannel {
        private final FileChannel target;
        private final int limit;

        ThrottledChannel(FileChannel target, int limit) {
            this.target = target;
            this.limit = limit;
        }

        @Override
        public boolean hasPendingWrites() {
            return false;
        }

        @Override
        public long transferFrom(FileChannel source, long position, long count) throws IOException {
            return source.transferTo(position, Math.min(count, limit), target);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            ByteBuffer part = src.slice(src.position(), Math.min(src.remaining(), limit));
            int n = target.write(part);
            src.position(src.position() + n);
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public boolean isOpen() {
            return target.isOpen();
        }

        @Override
        public void close() throws IOException {
            target.close();
        }
    }
}
