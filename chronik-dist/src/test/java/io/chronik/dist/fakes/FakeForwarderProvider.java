package io.chronik.dist.fakes;

import io.chronik.spi.forwarding.ForwardingException;
import io.chronik.spi.forwarding.LeaderForwarder;
import io.chronik.spi.forwarding.LeaderForwarderConfig;
import io.chronik.spi.forwarding.LeaderForwarderContext;
import io.chronik.spi.forwarding.LeaderForwarderProvider;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Test double on the distribution's module path (see {@link FakeWalProvider}): listens, forwards nothing. */
public final class FakeForwarderProvider implements LeaderForwarderProvider {

    public FakeForwarderProvider() {
        // found by ServiceLoader
    }

    @Override
    public String name() {
        return "it-forwarder";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public LeaderForwarder create(LeaderForwarderConfig config, LeaderForwarderContext context) {
        BoundSocket socket = new BoundSocket(config.listen());
        return new LeaderForwarder() {
            @Override
            public CompletableFuture<ByteBuffer> forward(int nodeId, ByteBuffer request, Duration timeout) {
                return CompletableFuture.failedFuture(new ForwardingException(ForwardingException.Reason.UNKNOWN_NODE,
                        "the it-forwarder test double knows no nodes"));
            }

            @Override
            public InetSocketAddress localAddress() {
                return socket.localAddress();
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }
}
