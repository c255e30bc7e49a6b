package io.chronik.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.tcp.Handshake;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    /** A channel that hands out the stream in chunks of at most {@code chunk} bytes. */
    private static final class ChunkedChannel implements ReadableByteChannel {
        private final ByteBuffer source;
        private final int chunk;

        ChunkedChannel(byte[] bytes, int chunk) {
            this.source = ByteBuffer.wrap(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!source.hasRemaining()) {
                return -1;
            }
            int n = Math.min(chunk, Math.min(dst.remaining(), source.remaining()));
            dst.put(dst.position(), source, source.position(), n).position(dst.position() + n);
            source.position(source.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static final class Collecting implements FrameReader.Sink {
        final List<Handshake> handshakes = new ArrayList<>();
        final List<String> frames = new ArrayList<>();

        @Override
        public void onHandshake(Handshake handshake) {
            handshakes.add(handshake);
        }

        @Override
        public void onMessage(ByteBuffer header, ByteBuffer body) {
            assertThat(header.isReadOnly()).isTrue();
            frames.add("m" + header.remaining() + "/" + body.remaining() + "/" + (body.hasRemaining() ? body.get(body.limit() - 1) : 0));
        }

        @Override
        public void onHeartbeat() {
            frames.add("hb");
        }
    }

    private static byte[] stream(int bigBody) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, FrameCodec.encodeHandshake(new Handshake(3, "cluster")));
        write(out, FrameCodec.encodeHeartbeat());
        write(out, FrameCodec.encodeMessageStart(ByteBuffer.wrap(new byte[] {1, 2}), 0));
        write(out, FrameCodec.encodeMessageStart(ByteBuffer.allocate(0), bigBody));
        byte[] body = new byte[bigBody];
        body[bigBody - 1] = 42;
        out.writeBytes(body);
        write(out, FrameCodec.encodeMessageStart(ByteBuffer.allocate(5), 1));
        out.write(7);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        out.writeBytes(bytes);
    }

    private static Collecting readAll(byte[] bytes, int chunk, int maxMessageBytes) throws Exception {
        FrameReader reader = new FrameReader(maxMessageBytes);
        Collecting sink = new Collecting();
        ChunkedChannel channel = new ChunkedChannel(bytes, chunk);
        while (reader.readFrom(channel, sink) >= 0) {
            // keep reading until the stream ends
        }
        return sink;
    }

    @Test
    void decodesTheSameFramesWhateverTheReadSizes() throws Exception {
        int big = 3 * FrameReader.DEFAULT_CAPACITY + 17;
        List<String> expected = List.of("hb", "m2/0/0", "m0/" + big + "/42", "m5/1/7");
        for (int chunk : new int[] {1, 7, 4096, 1 << 20}) {
            Collecting sink = readAll(stream(big), chunk, big);
            assertThat(sink.handshakes).containsExactly(new Handshake(3, "cluster"));
            assertThat(sink.frames).as("chunk %d", chunk).isEqualTo(expected);
        }
    }

    @Test
    void frameAboveTheLimitIsAProtocolError() {
        int big = 2 * FrameReader.DEFAULT_CAPACITY;
        assertThatThrownBy(() -> readAll(stream(big), 4096, big - 1))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("exceeds maxMessageBytes " + (big - 1));
    }
}
