package io.chronik.core.kafka;

import io.chronik.spi.replication.MessageBody;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A {@link Writable} for the generated message classes that never copies record data: every field
 * goes into one heap buffer sized for the message without its records (the size the classes report
 * as not zero-copy), and {@link #writeRecords} closes the current run of that buffer as a part and
 * appends the records' own parts after it ({@link SpanRecords}: WAL regions and buffers;
 * {@link MemoryRecords}: its buffer). The result is the message as the list of parts a
 * {@link io.chronik.core.network.ResponseFrame} carries; their concatenation is byte for byte what a
 * {@link ByteBufferAccessor} would have written.
 */
final class ChunkedWritable implements Writable {

    private final ByteBuffer fields;
    private final ByteBufferAccessor accessor;
    private final List<MessageBody> parts = new ArrayList<>();
    private int runStart;

    /** @param fieldBytes the bytes of the message apart from its records */
    ChunkedWritable(int fieldBytes) {
        this.fields = ByteBuffer.allocate(fieldBytes);
        this.accessor = new ByteBufferAccessor(fields);
    }

    /** The parts written so far, ending with the fields after the last records. */
    List<MessageBody> parts() {
        closeRun();
        return List.copyOf(parts);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        closeRun();
        if (records instanceof SpanRecords spans) {
            parts.addAll(spans.parts());
        } else if (records instanceof MemoryRecords memory) {
            if (memory.sizeInBytes() > 0) {
                parts.add(new MessageBody.Bytes(memory.buffer().duplicate()));
            }
        } else {
            throw new UnsupportedOperationException("cannot write records of type " + records.getClass().getName());
        }
    }

    private void closeRun() {
        if (fields.position() > runStart) {
            parts.add(new MessageBody.Bytes(fields.slice(runStart, fields.position() - runStart)));
            runStart = fields.position();
        }
    }

    @Override
    public void writeByte(byte val) {
        accessor.writeByte(val);
    }

    @Override
    public void writeShort(short val) {
        accessor.writeShort(val);
    }

    @Override
    public void writeInt(int val) {
        accessor.writeInt(val);
    }

    @Override
    public void writeLong(long val) {
        accessor.writeLong(val);
    }

    @Override
    public void writeDouble(double val) {
        accessor.writeDouble(val);
    }

    @Override
    public void writeByteArray(byte[] arr) {
        accessor.writeByteArray(arr);
    }

    @Override
    public void writeUnsignedVarint(int i) {
        accessor.writeUnsignedVarint(i);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buf) {
        accessor.writeByteBuffer(buf);
    }

    @Override
    public void writeVarint(int i) {
        accessor.writeVarint(i);
    }

    @Override
    public void writeVarlong(long i) {
        accessor.writeVarlong(i);
    }
}
