package io.chronik.core.kafka;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.wal.WalSpan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

/**
 * Record batches of a partition log as the WAL handed them out ({@link WalSpan}s): regions of its
 * files and buffers, back to back, never copied. A Fetch response carries them in
 * {@code PartitionData.records}; {@link ChunkedWritable} turns them into response parts that the
 * network layer sends with {@code transferTo}, and {@link #toSend()} does the same for a Kafka
 * {@link TransferableChannel}.
 *
 * <p>Regions are views of files that retention may free: send them soon after reading.
 */
final class SpanRecords implements BaseRecords {

    private final List<MessageBody> parts;
    private final int sizeInBytes;

    SpanRecords(List<WalSpan> spans) {
        this.parts = spans.stream().map(WalSpan::data).toList();
        long size = parts.stream().mapToLong(MessageBody::length).sum();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("records of " + size + " bytes do not fit one response");
        }
        this.sizeInBytes = (int) size;
    }

    /** The records' parts in order, byte parts from position to limit (never consumed by readers). */
    List<MessageBody> parts() {
        return parts;
    }

    @Override
    public int sizeInBytes() {
        return sizeInBytes;
    }

    @Override
    public RecordsSend<SpanRecords> toSend() {
        return new Send(this);
    }

    @Override
    public String toString() {
        return "SpanRecords(" + parts.size() + " parts, " + sizeInBytes + " bytes)";
    }

    /**
     * Writes the parts to a Kafka channel: byte parts with {@code write}, regions with
     * {@link TransferableChannel#transferFrom}. Resumable: each call continues at the byte the previous
     * one stopped at.
     */
    private static final class Send extends RecordsSend<SpanRecords> {

        Send(SpanRecords records) {
            super(records, records.sizeInBytes());
        }

        @Override
        protected int writeTo(TransferableChannel channel, int previouslyWritten, int remaining) throws IOException {
            int written = 0;
            long start = 0;
            for (MessageBody part : records().parts()) {
                long end = start + part.length();
                long at = previouslyWritten + written;
                if (at < end) {
                    long into = at - start;
                    long n = part instanceof MessageBody.Bytes bytes
                            ? channel.write(bytes.buffer().duplicate().position(bytes.buffer().position() + (int) into))
                            : transfer(((MessageBody.Region) part).region(), into, channel);
                    written += (int) n;
                    if (n < part.length() - into) {
                        break; // the channel is full
                    }
                }
                start = end;
            }
            return written;
        }

        private static long transfer(FileRegion region, long into, TransferableChannel channel) throws IOException {
            return channel.transferFrom(region.channel(), region.position() + into, region.length() - into);
        }
    }
}
