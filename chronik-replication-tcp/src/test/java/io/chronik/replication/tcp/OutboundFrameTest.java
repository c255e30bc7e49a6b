package io.chronik.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One frame of several body parts over a real loopback socket pair, written by a non-blocking writer
 * whose socket fills up: the bytes on the wire are the prefix, the header and the parts in order.
 */
@Timeout(20)
class OutboundFrameTest {

    @TempDir
    Path dir;

    private SocketChannel local;
    private SocketChannel remote;
    private FileChannel file;
    private byte[] content;

    @BeforeEach
    void connect() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            local = SocketChannel.open(server.getLocalAddress());
            remote = server.accept();
        }
        local.configureBlocking(false);
        remote.configureBlocking(false);
        content = new byte[4 * 1024 * 1024];
        new Random(3).nextBytes(content);
        Path path = dir.resolve("data");
        Files.write(path, content);
        file = FileChannel.open(path, StandardOpenOption.READ);
    }

    @AfterEach
    void close() throws IOException {
        local.close();
        remote.close();
        file.close();
    }

    private MessageBody region(int position, int length) {
        return new MessageBody.Region(new FileRegion(file, position, length));
    }

    private static MessageBody bytes(byte[] data) {
        return new MessageBody.Bytes(ByteBuffer.wrap(data));
    }

    /** Writes the frame while draining the other end; returns everything received. */
    private byte[] send(OutboundFrame frame) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long total = FrameCodec.PREFIX_LENGTH + frame.messageLength();
        while (!frame.done() || received.size() < total) {
            if (!frame.done()) {
                frame.writeTo(local);
            }
            chunk.clear();
            int n = remote.read(chunk);
            received.write(chunk.array(), 0, Math.max(n, 0));
        }
        return received.toByteArray();
    }

    @Test
    void mixedPartsGoOutAsOneFrameInOrder() throws IOException {
        byte[] small = {1, 2, 3};
        byte[] header = {9, 8};
        List<MessageBody> parts = new ArrayList<>(List.of(bytes(small), region(10, 0), bytes(new byte[0]),
                region(100, 3 * 1024 * 1024), region(0, 1), bytes(small)));
        for (int i = 0; i < 3000; i++) {
            parts.add(i % 2 == 0 ? bytes(new byte[] {(byte) i}) : region(i, 1));
        }

        OutboundFrame frame = OutboundFrame.of(ByteBuffer.wrap(header), parts);
        byte[] wire = send(frame);

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(small);
        body.write(content, 100, 3 * 1024 * 1024);
        body.write(content, 0, 1);
        body.write(small);
        for (int i = 0; i < 3000; i++) {
            body.write(i % 2 == 0 ? (byte) i : content[i]);
        }
        ByteBuffer prefix = ByteBuffer.wrap(wire, 0, FrameCodec.PREFIX_LENGTH);
        assertThat(FrameCodec.peekPrefix(prefix, Integer.MAX_VALUE))
                .contains(new FrameCodec.Prefix(FrameCodec.TYPE_MESSAGE, 2, body.size()));
        assertThat(frame.messageLength()).isEqualTo(2 + body.size());
        assertThat(Arrays.copyOfRange(wire, FrameCodec.PREFIX_LENGTH, FrameCodec.PREFIX_LENGTH + 2)).isEqualTo(header);
        assertThat(Arrays.copyOfRange(wire, FrameCodec.PREFIX_LENGTH + 2, wire.length)).isEqualTo(body.toByteArray());
    }

    @Test
    void aRegionWhoseFileWasClosedFailsTheWriteAfterTheBytesBeforeIt() throws IOException {
        OutboundFrame frame = OutboundFrame.of(ByteBuffer.allocate(0), List.of(bytes(new byte[] {5}), region(0, 10)));
        file.close();

        assertThatThrownBy(() -> frame.writeTo(local)).isInstanceOf(IOException.class)
                .hasMessageContaining("sending file region 0+10 failed");
        assertThat(frame.started()).as("the prefix left, so the message cannot be sent again").isTrue();
        assertThat(frame.done()).isFalse();
    }

    @Test
    void aRegionOfAChannelThatCannotBeReadFailsTheWriteWithAnIoException() throws IOException {
        try (FileChannel writeOnly = FileChannel.open(dir.resolve("write-only"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            writeOnly.write(ByteBuffer.allocate(10));
            OutboundFrame frame = OutboundFrame.of(ByteBuffer.allocate(0),
                    List.of(new MessageBody.Region(new FileRegion(writeOnly, 0, 10))));

            assertThatThrownBy(() -> frame.writeTo(local)).isInstanceOf(IOException.class)
                    .hasMessageContaining("NonReadableChannelException");
        }
    }
}
