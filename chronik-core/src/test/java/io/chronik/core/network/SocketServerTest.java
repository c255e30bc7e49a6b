package io.chronik.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server against raw sockets and a dispatcher driven by the request text: {@code "sleep:N:x"}
 * answers {@code x} after N ms, {@code "silent"} answers nothing, {@code "bad"} is malformed,
 * {@code "file:N"} answers {@code "file:"} and the first N bytes of a file as a region,
 * {@code "freed"} answers a region of a closed file, {@code "quiet:N:x"} answers nothing after N ms,
 * anything else is echoed at once.
 */
@Timeout(30)
class SocketServerTest {

    private static final int MAX_REQUEST = 1024;

    private final ExecutorService handlers = Executors.newFixedThreadPool(4);
    private final java.util.concurrent.ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
    private final Queue<String> dispatched = new ConcurrentLinkedQueue<>();
    private SocketServer server;
    @TempDir
    Path dir;
    private byte[] fileBytes;
    private FileChannel file;
    private FileChannel closedFile;

    @BeforeEach
    void start() throws IOException {
        fileBytes = new byte[4 << 20];
        new Random(3).nextBytes(fileBytes);
        Files.write(dir.resolve("segment"), fileBytes);
        file = FileChannel.open(dir.resolve("segment"), StandardOpenOption.READ);
        closedFile = FileChannel.open(dir.resolve("segment"), StandardOpenOption.READ);
        closedFile.close();
        server = new SocketServer(new NetworkSettings("127.0.0.1", 0, 2, MAX_REQUEST, 8), this::dispatch, handlers);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        handlers.shutdownNow();
        delays.shutdownNow();
        file.close();
    }

    private CompletableFuture<Optional<ResponseFrame>> dispatch(ConnectionId connection, ByteBuffer frame) {
        String text = StandardCharsets.UTF_8.decode(frame).toString();
        dispatched.add(text);
        if (text.equals("bad")) {
            throw new MalformedRequestException("test frame 'bad' is malformed");
        }
        if (text.startsWith("file:")) {
            return CompletableFuture.completedFuture(Optional.of(new ResponseFrame(List.of(
                    new MessageBody.Bytes(ByteBuffer.wrap("file:".getBytes(StandardCharsets.UTF_8))),
                    new MessageBody.Region(new FileRegion(file, 0, Integer.parseInt(text.substring(5))))))));
        }
        if (text.equals("freed")) {
            return CompletableFuture.completedFuture(Optional.of(new ResponseFrame(List.of(
                    new MessageBody.Region(new FileRegion(closedFile, 0, 100))))));
        }
        if (text.equals("silent")) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (text.startsWith("quiet:")) {
            CompletableFuture<Optional<ResponseFrame>> later = new CompletableFuture<>();
            delays.schedule(() -> later.complete(Optional.empty()), Long.parseLong(text.split(":", 3)[1]),
                    TimeUnit.MILLISECONDS);
            return later;
        }
        if (text.startsWith("sleep:")) {
            String[] parts = text.split(":", 3);
            CompletableFuture<Optional<ResponseFrame>> later = new CompletableFuture<>();
            delays.schedule(() -> later.complete(Optional.of(utf8(parts[2]))), Long.parseLong(parts[1]),
                    TimeUnit.MILLISECONDS);
            return later;
        }
        return CompletableFuture.completedFuture(Optional.of(utf8(text)));
    }

    private static ResponseFrame utf8(String text) {
        return ResponseFrame.of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    private static String receive(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        return socket.getInputStream().read() == -1;
    }

    @Test
    void pipelinedRequestsAreAnsweredInRequestOrderWhateverOrderTheyComplete() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "sleep:400:first");
            send(socket, "sleep:10:second");
            send(socket, "silent");
            send(socket, "third");
            send(socket, "sleep:100:fourth");

            assertThat(List.of(receive(socket), receive(socket), receive(socket), receive(socket)))
                    .containsExactly("first", "second", "third", "fourth");
        }
    }

    @Test
    void responsesWithFileRegionsArriveWholeAndInOrder() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "file:" + fileBytes.length);
            send(socket, "after");
            send(socket, "file:10");

            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] first = new byte[in.readInt()];
            in.readFully(first);
            assertThat(first).hasSize(5 + fileBytes.length);
            assertThat(new String(first, 0, 5, StandardCharsets.UTF_8)).isEqualTo("file:");
            assertThat(Arrays.copyOfRange(first, 5, first.length)).isEqualTo(fileBytes);
            assertThat(receive(socket)).isEqualTo("after");
            assertThat(receive(socket).getBytes(StandardCharsets.ISO_8859_1)).hasSize(15);
        }
    }

    @Test
    void aResponseWhoseRegionWasFreedClosesOnlyItsConnection() throws IOException {
        try (Socket bystander = connect(); Socket reader = connect()) {
            send(reader, "freed");
            DataInputStream in = new DataInputStream(reader.getInputStream());
            assertThat(in.readInt()).as("the size prefix went out before the region failed").isEqualTo(100);
            assertThat(closedByServer(reader)).isTrue();

            send(bystander, "still served");
            assertThat(receive(bystander)).isEqualTo("still served");
        }
    }

    @Test
    void oversizedRequestClosesOnlyItsConnection() throws IOException {
        try (Socket bystander = connect(); Socket offender = connect()) {
            send(bystander, "before");
            assertThat(receive(bystander)).isEqualTo("before");

            new DataOutputStream(offender.getOutputStream()).writeInt(MAX_REQUEST + 1);

            assertThat(closedByServer(offender)).isTrue();
            send(bystander, "after");
            assertThat(receive(bystander)).isEqualTo("after");
        }
    }

    @Test
    void malformedRequestClosesOnlyItsConnection() throws IOException {
        try (Socket bystander = connect(); Socket offender = connect()) {
            send(offender, "bad");
            assertThat(closedByServer(offender)).isTrue();

            send(bystander, "still here");
            assertThat(receive(bystander)).isEqualTo("still here");
        }
    }

    @Test
    void negativeSizeClosesTheConnection() throws IOException {
        try (Socket offender = connect()) {
            new DataOutputStream(offender.getOutputStream()).writeInt(-5);
            assertThat(closedByServer(offender)).isTrue();
        }
        try (Socket next = connect()) {
            send(next, "served");
            assertThat(receive(next)).isEqualTo("served");
        }
    }

    @Test
    void servesManyConcurrentConnections() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < 64; c++) {
                int client = c;
                results.add(clients.submit(() -> {
                    try (Socket socket = connect()) {
                        for (int i = 0; i < 20; i++) {
                            send(socket, (i % 3 == 0 ? "sleep:" + (20 - i) + ":" : "") + client + "-" + i);
                        }
                        List<String> got = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            got.add(receive(socket));
                        }
                        return got;
                    }
                }));
            }
            for (int c = 0; c < results.size(); c++) {
                int client = c;
                List<String> expected = java.util.stream.IntStream.range(0, 20).mapToObj(i -> client + "-" + i).toList();
                assertThat(results.get(c).get(20, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * A client that expects no answer (a producer with acks=0) may send and hang up at once: every
     * request the server read in full is still handled, as in Kafka, though its answer has nowhere to go.
     */
    @Test
    void requestsReadBeforeThePeerHangsUpAreStillDispatched() throws IOException {
        List<String> sent = new ArrayList<>();
        try (Socket client = connect()) {
            for (int i = 0; i < 50; i++) {
                sent.add("quiet:20:fire-and-forget-" + i);
                send(client, sent.get(i));
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(dispatched).containsExactlyElementsOf(sent));
    }

    @Test
    void peerThatHangsUpMidFrameDoesNotDisturbOthers() throws IOException {
        try (Socket quitter = connect()) {
            DataOutputStream out = new DataOutputStream(quitter.getOutputStream());
            out.writeInt(100);
            out.write(new byte[10]);
            out.flush();
        }
        try (Socket next = connect()) {
            send(next, "fine");
            assertThat(receive(next)).isEqualTo("fine");
        }
    }

    @Test
    void closeDisconnectsClients() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "hello");
            assertThat(receive(socket)).isEqualTo("hello");
            server.close();
            try {
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            } catch (java.net.SocketException | EOFException reset) {
                assertThat(reset).isNotNull();
            }
        }
    }
}
