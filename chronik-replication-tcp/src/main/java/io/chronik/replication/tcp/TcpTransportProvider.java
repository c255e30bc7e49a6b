package io.chronik.replication.tcp;

import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.spi.replication.ReplicationTransportContext;
import io.chronik.spi.replication.ReplicationTransportProvider;

/**
 * Provides the {@code tcp} replication transport ({@code replication.provider=tcp}, the default); its
 * keys are {@code replication.tcp.*}, listed in {@link TcpTransportSettings}.
 */
public final class TcpTransportProvider implements ReplicationTransportProvider {

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public ReplicationTransport create(ReplicationTransportConfig config, ReplicationTransportContext context) {
        TcpTransportSettings settings = TcpTransportSettings.from(config.properties(), config.maxMessageBytes());
        return TcpReplicationTransport.start(config, settings, context);
    }
}
