package io.chronik.dist.fakes;

import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.spi.replication.ReplicationTransportContext;
import io.chronik.spi.replication.ReplicationTransportProvider;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/** Test double on the distribution's module path (see {@link FakeWalProvider}): listens, sends nothing. */
public final class FakeTransportProvider implements ReplicationTransportProvider {

    public FakeTransportProvider() {
        // found by ServiceLoader
    }

    @Override
    public String name() {
        return "it-transport";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public ReplicationTransport create(ReplicationTransportConfig config, ReplicationTransportContext context) {
        BoundSocket socket = new BoundSocket(config.listen());
        return new ReplicationTransport() {
            @Override
            public boolean send(int toNode, ByteBuffer header, Optional<MessageBody> body) {
                return false;
            }

            @Override
            public InetSocketAddress localAddress() {
                return socket.localAddress();
            }

            @Override
            public boolean connected(int nodeId) {
                return false;
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }
}
