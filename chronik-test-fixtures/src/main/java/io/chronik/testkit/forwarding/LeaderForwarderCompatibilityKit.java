package io.chronik.testkit.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.NodeEndpoint;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.forwarding.ForwardedRequestHandler;
import io.chronik.spi.forwarding.ForwardingException;
import io.chronik.spi.forwarding.ForwardingException.Reason;
import io.chronik.spi.forwarding.LeaderForwarder;
import io.chronik.spi.forwarding.LeaderForwarderConfig;
import io.chronik.spi.forwarding.LeaderForwarderProvider;
import io.chronik.testkit.Eventually;
import io.chronik.testkit.Loopback;
import io.chronik.testkit.TestPluginContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The compatibility kit of the leader forwarder SPI: what every {@link LeaderForwarderProvider}, built-in
 * or third-party, must do, over real sockets on 127.0.0.1 with both nodes in this JVM. Only the SPI is
 * used.
 *
 * <pre>{@code
 * class MyForwarderCompatibilityTest extends LeaderForwarderCompatibilityKit {
 *     protected LeaderForwarderProvider provider() {
 *         return new MyForwarderProvider();
 *     }
 *     protected PluginProperties properties() {
 *         return PluginProperties.empty("forwarding.my.");
 *     }
 * }
 * }</pre>
 *
 * <h2>What it checks</h2>
 * A thousand concurrent calls matched to their responses; empty and maximum-size requests and
 * responses; a call without an answer failing with {@code TIMEOUT} while the connection stays usable;
 * {@code UNKNOWN_NODE}, {@code UNREACHABLE}, {@code REMOTE_ERROR} and {@code CLOSED} each where the
 * contract says; a node of another cluster refused before its handler runs; calls succeeding again
 * after the peer restarts; the bound local address.
 *
 * <p>Node 2's handler in these tests understands a few commands in the request text: {@code echo:x}
 * answers {@code x} (after a random delay, so responses overtake each other), {@code never} never
 * answers, {@code fail:m} fails with message {@code m}, {@code throw:m} throws it.
 */
@Timeout(60)
public abstract class LeaderForwarderCompatibilityKit {

    protected static final String CLUSTER = "kit-cluster";
    private static final int MAX = 64 * 1024;

    private final List<LeaderForwarder> started = new ArrayList<>();
    private final List<CompletableFuture<ByteBuffer>> neverAnswered = new ArrayList<>();
    private final AtomicInteger handled = new AtomicInteger();

    /** The provider under test. */
    protected abstract LeaderForwarderProvider provider();

    /** The provider's own keys for tests: connects that fail within a couple of seconds. */
    protected abstract PluginProperties properties();

    @AfterEach
    void closeForwarders() {
        started.forEach(LeaderForwarder::close);
    }

    protected LeaderForwarder start(int nodeId, String clusterId, Map<Integer, InetSocketAddress> addresses,
                                    ForwardedRequestHandler handler) {
        Map<Integer, NodeEndpoint> peers = Loopback.peers(nodeId, addresses);
        LeaderForwarder forwarder = provider().create(new LeaderForwarderConfig(nodeId, clusterId,
                addresses.get(nodeId), peers, MAX, properties()), new TestPluginContext().withHandler(handler));
        started.add(forwarder);
        return forwarder;
    }

    /** Nodes 1 and 2 of {@link #CLUSTER}, both answering with the command handler; returns node 1. */
    private LeaderForwarder startTwoNodes() {
        Map<Integer, InetSocketAddress> addresses = Loopback.addresses(2);
        start(2, CLUSTER, addresses, this::commands);
        return start(1, CLUSTER, addresses, this::commands);
    }

    private static ByteBuffer text(String value) {
        return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }

    /** Node 2's handler: see the class comment. */
    private CompletableFuture<ByteBuffer> commands(int fromNode, ByteBuffer request) {
        handled.incrementAndGet();
        String command = text(request);
        if (command.startsWith("echo:")) {
            String answer = fromNode + ">" + command.substring(5);
            return CompletableFuture.supplyAsync(() -> text(answer), CompletableFuture.delayedExecutor(
                    ThreadLocalRandom.current().nextInt(5), TimeUnit.MILLISECONDS));
        }
        if (command.startsWith("fail:")) {
            return CompletableFuture.failedFuture(new IllegalStateException(command.substring(5)));
        }
        if (command.startsWith("throw:")) {
            throw new IllegalArgumentException(command.substring(6));
        }
        if (command.equals("empty")) {
            return CompletableFuture.completedFuture(ByteBuffer.allocate(0));
        }
        if (command.equals("never")) {
            CompletableFuture<ByteBuffer> never = new CompletableFuture<>();
            synchronized (neverAnswered) {
                neverAnswered.add(never);
            }
            return never;
        }
        return CompletableFuture.completedFuture(ByteBuffer.wrap(new byte[request.remaining()]));
    }

    /** The reason a call failed with, waiting for it at most {@code within}. */
    private static Reason failure(CompletableFuture<ByteBuffer> call, Duration within) throws Exception {
        try {
            ByteBuffer unexpected = call.get(within.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("call succeeded with '" + text(unexpected) + "'");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ForwardingException.class);
            return ((ForwardingException) e.getCause()).reason();
        }
    }

    private static String message(CompletableFuture<ByteBuffer> call) {
        Throwable error = call.handle((ok, e) -> e).join();
        return (error instanceof CompletionException ? error.getCause() : error).getMessage();
    }

    private static String answer(CompletableFuture<ByteBuffer> call) throws Exception {
        return text(call.get(10, TimeUnit.SECONDS));
    }

    @Test
    void thousandConcurrentCallsAreMatchedToTheirResponses() throws Exception {
        Map<Integer, InetSocketAddress> addresses = Loopback.addresses(2);
        LeaderForwarder one = start(1, CLUSTER, addresses, this::commands);
        LeaderForwarder two = start(2, CLUSTER, addresses, this::commands);

        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<CompletableFuture<ByteBuffer>>>> batches = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                batches.add(callers.submit(() -> {
                    List<CompletableFuture<ByteBuffer>> calls = new ArrayList<>();
                    for (int i = 0; i < 250; i++) {
                        calls.add(one.forward(2, text("echo:" + thread + "-" + i), Duration.ofSeconds(20)));
                    }
                    return calls;
                }));
            }
            for (int t = 0; t < 4; t++) {
                List<CompletableFuture<ByteBuffer>> calls = batches.get(t).get();
                for (int i = 0; i < calls.size(); i++) {
                    assertThat(answer(calls.get(i))).isEqualTo("1>" + t + "-" + i);
                }
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(answer(two.forward(1, text("echo:back"), Duration.ofSeconds(5)))).isEqualTo("2>back");
        assertThat(handled.get()).isEqualTo(1001);
    }

    @Test
    void emptyAndLargeRequestsAndResponsesRoundTrip() throws Exception {
        LeaderForwarder one = startTwoNodes();

        assertThat(one.forward(2, text("empty"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS).remaining()).isZero();
        assertThat(one.forward(2, ByteBuffer.allocate(0), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS).remaining())
                .isZero();
        assertThat(one.forward(2, ByteBuffer.allocate(MAX), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS)
                .remaining()).isEqualTo(MAX);
        assertThatThrownBy(() -> one.forward(2, ByteBuffer.allocate(MAX + 1), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void callWithoutAnswerTimesOutAndTheConnectionStaysUsable() throws Exception {
        LeaderForwarder one = startTwoNodes();

        CompletableFuture<ByteBuffer> call = one.forward(2, text("never"), Duration.ofMillis(300));
        assertThat(failure(call, Duration.ofSeconds(5))).isEqualTo(Reason.TIMEOUT);
        assertThat(answer(one.forward(2, text("echo:after"), Duration.ofSeconds(5)))).isEqualTo("1>after");
        synchronized (neverAnswered) {
            neverAnswered.forEach(never -> never.complete(text("too late")));
        }
        assertThat(answer(one.forward(2, text("echo:later"), Duration.ofSeconds(5)))).isEqualTo("1>later");
    }

    @Test
    void unknownNodeAndUnreachableNodeFailWithTheirReasons() throws Exception {
        Map<Integer, InetSocketAddress> addresses = Loopback.addresses(2);
        LeaderForwarder one = start(1, CLUSTER, addresses, this::commands);

        assertThat(failure(one.forward(99, text("echo:x"), Duration.ofSeconds(5)), Duration.ofSeconds(5)))
                .isEqualTo(Reason.UNKNOWN_NODE);
        assertThat(failure(one.forward(2, text("echo:x"), Duration.ofSeconds(20)), Duration.ofSeconds(10)))
                .isEqualTo(Reason.UNREACHABLE);
        assertThat(failure(one.forward(2, text("echo:x"), Duration.ofSeconds(20)), Duration.ofSeconds(10)))
                .as("tried again on the next call").isEqualTo(Reason.UNREACHABLE);
    }

    @Test
    void remoteHandlerErrorsArriveWithTheirMessage() throws Exception {
        LeaderForwarder one = startTwoNodes();

        CompletableFuture<ByteBuffer> failed = one.forward(2, text("fail:not the leader, try node 3"),
                Duration.ofSeconds(5));
        assertThat(failure(failed, Duration.ofSeconds(5))).isEqualTo(Reason.REMOTE_ERROR);
        assertThat(message(failed)).isEqualTo("not the leader, try node 3");

        CompletableFuture<ByteBuffer> thrown = one.forward(2, text("throw:bad request"), Duration.ofSeconds(5));
        assertThat(failure(thrown, Duration.ofSeconds(5))).isEqualTo(Reason.REMOTE_ERROR);
        assertThat(message(thrown)).isEqualTo("bad request");
    }

    @Test
    void nodeOfAnotherClusterIsRefused() throws Exception {
        Map<Integer, InetSocketAddress> addresses = Loopback.addresses(2);
        LeaderForwarder one = start(1, "alpha", addresses, this::commands);
        start(2, "beta", addresses, this::commands);

        assertThat(failure(one.forward(2, text("echo:x"), Duration.ofSeconds(5)), Duration.ofSeconds(10)))
                .isEqualTo(Reason.UNREACHABLE);
        assertThat(handled.get()).as("the other cluster's handler never ran").isZero();
    }

    @Test
    void callsSucceedAgainAfterThePeerRestarts() throws Exception {
        Map<Integer, InetSocketAddress> addresses = Loopback.addresses(2);
        LeaderForwarder one = start(1, CLUSTER, addresses, this::commands);
        LeaderForwarder two = start(2, CLUSTER, addresses, this::commands);
        assertThat(answer(one.forward(2, text("echo:before"), Duration.ofSeconds(5)))).isEqualTo("1>before");

        CompletableFuture<ByteBuffer> pending = one.forward(2, text("never"), Duration.ofSeconds(30));
        Eventually.await("the never-answered call reached node 2", Duration.ofSeconds(5), () -> handled.get() == 2);
        two.close();
        assertThat(failure(pending, Duration.ofSeconds(10))).as("pending call when the peer went away")
                .isEqualTo(Reason.UNREACHABLE);
        assertThat(failure(one.forward(2, text("echo:down"), Duration.ofSeconds(5)), Duration.ofSeconds(10)))
                .isEqualTo(Reason.UNREACHABLE);

        start(2, CLUSTER, addresses, this::commands);
        Eventually.await("a call to the restarted node 2 succeeds", Duration.ofSeconds(10), () ->
                answer(one.forward(2, text("echo:after"), Duration.ofSeconds(5))).equals("1>after"));
    }

    @Test
    void closeFailsPendingAndLaterCallsWithClosed() throws Exception {
        LeaderForwarder one = startTwoNodes();

        CompletableFuture<ByteBuffer> pending = one.forward(2, text("never"), Duration.ofSeconds(30));
        Eventually.await("the pending call reached node 2", Duration.ofSeconds(5), () -> handled.get() == 1);
        one.close();
        assertThat(failure(pending, Duration.ofSeconds(5))).isEqualTo(Reason.CLOSED);
        assertThat(failure(one.forward(2, text("echo:x"), Duration.ofSeconds(5)), Duration.ofSeconds(5)))
                .isEqualTo(Reason.CLOSED);
        one.close();
    }

    @Test
    void localAddressIsTheBoundOne() {
        Map<Integer, InetSocketAddress> addresses = Loopback.addresses(2);
        LeaderForwarder one = start(1, CLUSTER, addresses, this::commands);
        assertThat(one.localAddress()).isEqualTo(addresses.get(1));
    }
}
