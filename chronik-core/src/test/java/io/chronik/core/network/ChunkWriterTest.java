package io.chronik.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunk writer over a real loopback socket pair with small socket buffers, so writes are partial
 * (buffers of a few KiB make loopback TCP stall on window updates, so they are not smaller).
 */
@Timeout(30)
class ChunkWriterTest {

    @TempDir
    Path dir;

    private SocketChannel sender;
    private SocketChannel receiver;
    private FileChannel file;
    private byte[] fileBytes;

    @BeforeEach
    void connect() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            sender = SocketChannel.open();
            sender.setOption(StandardSocketOptions.SO_SNDBUF, 16 << 10);
            sender.connect(listener.getLocalAddress());
            receiver = listener.accept();
        }
        receiver.setOption(StandardSocketOptions.SO_RCVBUF, 32 << 10);
        sender.configureBlocking(false);
        receiver.configureBlocking(false);
        fileBytes = new byte[3 << 20];
        new Random(7).nextBytes(fileBytes);
        Path path = dir.resolve("segment");
        Files.write(path, fileBytes);
        file = FileChannel.open(path, StandardOpenOption.READ);
    }

    @AfterEach
    void close() throws IOException {
        sender.close();
        receiver.close();
        file.close();
    }

    private static MessageBody bytes(String text) {
        return new MessageBody.Bytes(ByteBuffer.wrap(text.getBytes()));
    }

    private MessageBody region(long position, long length) {
        return new MessageBody.Region(new FileRegion(file, position, length));
    }

    /** Writes and drains alternately until the writer is empty; returns what arrived and counts full sockets. */
    private byte[] transfer(ChunkWriter writer, int[] fullSocket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
        while (!writer.write(sender)) {
            fullSocket[0]++;
            drain(buffer, received);
        }
        sender.shutdownOutput();
        receiver.configureBlocking(true);
        while (receiver.read(buffer.clear()) >= 0) {
            received.write(buffer.array(), 0, buffer.position());
        }
        return received.toByteArray();
    }

    private void drain(ByteBuffer buffer, ByteArrayOutputStream received) throws IOException {
        int n;
        while ((n = receiver.read(buffer.clear())) > 0) {
            received.write(buffer.array(), 0, n);
        }
    }

    @Test
    void writesBytesAndRegionsInOrderThroughPartialWrites() throws IOException {
        ChunkWriter writer = new ChunkWriter();
        List<MessageBody> chunks = List.of(bytes("size"), bytes("header-"), region(10, 1 << 20), bytes("-between-"),
                region(2 << 20, (1 << 20) - 5), region(5, 3), bytes("-end"));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (MessageBody chunk : chunks) {
            writer.add(chunk);
            if (chunk instanceof MessageBody.Bytes b) {
                expected.write(b.buffer().array(), b.buffer().position(), b.buffer().remaining());
            } else {
                FileRegion r = ((MessageBody.Region) chunk).region();
                expected.write(fileBytes, (int) r.position(), (int) r.length());
            }
        }
        int[] fullSocket = {0};

        byte[] received = transfer(writer, fullSocket);

        assertThat(received).isEqualTo(expected.toByteArray());
        assertThat(fullSocket[0]).as("the small send buffer filled up").isPositive();
        assertThat(writer.isEmpty()).isTrue();
        assertThat(((MessageBody.Bytes) chunks.get(0)).buffer().remaining()).as("byte chunks are not consumed")
                .isEqualTo(4);
    }

    @Test
    void manyByteChunksLeaveInGatheringWritesBeyondOneBatch() throws IOException {
        ChunkWriter writer = new ChunkWriter();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            writer.add(bytes("chunk-" + i + ";"));
            expected.append("chunk-").append(i).append(';');
        }

        byte[] received = transfer(writer, new int[1]);

        assertThat(new String(received)).isEqualTo(expected.toString());
    }

    @Test
    void aRegionOfAClosedFileFailsWithARegionError() throws IOException {
        ChunkWriter writer = new ChunkWriter();
        writer.add(bytes("header"));
        writer.add(region(0, 1000));
        file.close();

        assertThatThrownBy(() -> writer.write(sender)).isInstanceOf(ChunkWriter.RegionUnavailableException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aRegionBeyondTheEndOfItsFileFailsInsteadOfSpinning() {
        ChunkWriter writer = new ChunkWriter();
        writer.add(region(fileBytes.length - 10, 100));

        assertThatThrownBy(() -> {
            while (!writer.write(sender)) {
                drain(ByteBuffer.allocate(1 << 16), new ByteArrayOutputStream());
            }
        }).isInstanceOf(ChunkWriter.RegionUnavailableException.class)
                .hasMessageContaining("ends at " + fileBytes.length);
    }
}
