package io.chronik.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LengthPrefixedReaderTest {

    private static final int CAPACITY = 64;
    private static final int MAX_CONTENT = 10_000;

    private static final HandshakeCodec HANDSHAKES = new HandshakeCodec(0x54455354, (short) 1, "test",
            TestProtocolException::new);

    /** A test format: a 4-byte content length, then the content. */
    private static Optional<Integer> peek(ByteBuffer buffer) {
        if (buffer.remaining() < 4) {
            return Optional.empty();
        }
        int length = buffer.getInt(buffer.position());
        if (length < 0 || length > MAX_CONTENT) {
            throw new TestProtocolException("content of " + length + " bytes");
        }
        return Optional.of(4 + length);
    }

    /** The stream, handed out at most {@code chunk} bytes per read, then end of stream. */
    private static ReadableByteChannel chunked(byte[] bytes, int chunk) {
        return Channels.newChannel(new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                return super.read(into, offset, Math.min(length, chunk));
            }

            @Override
            public int available() {
                return 0; // so that the channel reads once per call, not until its buffer is full
            }
        });
    }

    /** Records the handshake and each frame as text: {@code "<content length>/<last byte>"}. */
    private static final class Recording implements LengthPrefixedReader.Sink {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onHandshake(Handshake handshake) {
            seen.add("handshake from " + handshake.nodeId() + " of " + handshake.clusterId());
        }

        @Override
        public void onFrame(ByteBuffer frame) {
            assertThat(frame.isReadOnly()).isTrue();
            int length = frame.getInt(0);
            assertThat(frame.position()).isZero();
            assertThat(frame.remaining()).isEqualTo(4 + length);
            seen.add(length + "/" + (length > 0 ? frame.get(frame.limit() - 1) : 0));
        }
    }

    private static byte[] stream(int... contentLengths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer handshake = HANDSHAKES.encode(new Handshake(5, "c"));
        out.write(handshake.array(), 0, handshake.remaining());
        for (int length : contentLengths) {
            byte[] frame = ByteBuffer.allocate(4 + length).putInt(length).array();
            if (length > 0) {
                frame[frame.length - 1] = (byte) length;
            }
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    @Test
    void decodesTheHandshakeThenEveryFrameWhateverTheReadSizes() throws Exception {
        byte[] bytes = stream(0, 3, 5 * CAPACITY + 7, 1, 2 * CAPACITY);
        for (int chunk : new int[] {1, 5, 64, 4096}) {
            LengthPrefixedReader reader = new LengthPrefixedReader(HANDSHAKES, LengthPrefixedReaderTest::peek, CAPACITY);
            Recording sink = new Recording();
            ReadableByteChannel channel = chunked(bytes, chunk);
            while (reader.readFrom(channel, sink) >= 0) {
                // until end of stream
            }
            assertThat(sink.seen).as("chunk %d", chunk)
                    .containsExactly("handshake from 5 of c", "0/0", "3/3", (5 * CAPACITY + 7) + "/" + (byte) (5 * CAPACITY + 7), "1/1",
                            (2 * CAPACITY) + "/" + (byte) (2 * CAPACITY));
        }
    }

    @Test
    void aForeignHandshakeOrAnOversizePrefixIsTheProtocolsError() {
        byte[] foreign = stream(1);
        foreign[0] = 0;
        LengthPrefixedReader first = new LengthPrefixedReader(HANDSHAKES, LengthPrefixedReaderTest::peek, CAPACITY);
        assertThatThrownBy(() -> first.readFrom(chunked(foreign, 4096), new Recording()))
                .isInstanceOf(TestProtocolException.class).hasMessageContaining("magic");

        byte[] oversize = stream(MAX_CONTENT + 1);
        LengthPrefixedReader second = new LengthPrefixedReader(HANDSHAKES, LengthPrefixedReaderTest::peek, CAPACITY);
        Recording sink = new Recording();
        assertThatThrownBy(() -> second.readFrom(chunked(oversize, 4096), sink))
                .isInstanceOf(TestProtocolException.class).hasMessage("content of 10001 bytes");
        assertThat(sink.seen).containsExactly("handshake from 5 of c");
    }

    @Test
    void contentLimitAboveWhatAnIntFrameCanCarryIsRefused() {
        LengthPrefixedReader.requireContentLimit(LengthPrefixedReader.MAX_CONTENT_BYTES, "x", IllegalStateException::new);
        assertThatThrownBy(() -> LengthPrefixedReader.requireContentLimit(Integer.MAX_VALUE, "test plugin of node 1",
                IllegalStateException::new)).isInstanceOf(IllegalStateException.class)
                .hasMessage("test plugin of node 1: maxMessageBytes " + Integer.MAX_VALUE + " is above the tcp limit of "
                        + LengthPrefixedReader.MAX_CONTENT_BYTES);
    }
}
