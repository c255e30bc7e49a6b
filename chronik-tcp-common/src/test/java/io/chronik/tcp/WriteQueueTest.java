package io.chronik.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The write queue against a real non-blocking pipe that fills up. */
@Timeout(10)
class WriteQueueTest {

    private static ByteBuffer pattern(int length, int seed) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            buffer.put((byte) (seed + i * 31));
        }
        return buffer.flip();
    }

    @Test
    void writesBuffersInOrderAcrossAFullPipeAndResumesPartlyWrittenOnes() throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            sink.configureBlocking(false);
            source.configureBlocking(false);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            WriteQueue queue = new WriteQueue();
            for (int seed = 1; seed <= 3; seed++) {
                ByteBuffer buffer = pattern(512 * 1024, seed);
                expected.write(buffer.array(), 0, buffer.remaining());
                queue.add(buffer);
            }

            long written = queue.writeTo(sink);
            assertThat(written).as("the pipe holds less than the queue").isLessThan(expected.size());
            assertThat(queue.isEmpty()).isFalse();

            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            while (!queue.isEmpty() || received.size() < written) {
                chunk.clear();
                source.read(chunk);
                received.write(chunk.array(), 0, chunk.position());
                written += queue.writeTo(sink);
            }
            assertThat(written).isEqualTo(expected.size());
            assertThat(received.toByteArray()).isEqualTo(expected.toByteArray());
            assertThat(queue.writeTo(sink)).as("nothing left to write").isZero();
        }
    }
}
