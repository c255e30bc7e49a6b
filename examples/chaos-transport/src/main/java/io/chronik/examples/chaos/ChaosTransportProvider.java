package io.chronik.examples.chaos;

import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.spi.replication.ReplicationTransportContext;
import io.chronik.spi.replication.ReplicationTransportProvider;

/**
 * The {@code chaos} transport ({@code replication.provider=chaos}): another transport, selected by
 * {@code replication.chaos.delegate}, with configurable loss and delay on every outbound message. See
 * {@link ChaosSettings} for the keys and {@link ChaosTransport} for what is guaranteed.
 */
public final class ChaosTransportProvider implements ReplicationTransportProvider {

    static final String NAME = "chaos";

    /** For {@link java.util.ServiceLoader}. */
    public ChaosTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public ReplicationTransport create(ReplicationTransportConfig config, ReplicationTransportContext context) {
        ChaosSettings settings = ChaosSettings.from(config.properties());
        ReplicationTransportProvider provider = DelegateProviders.find(settings.delegate(),
                config.properties().fullKey(ChaosSettings.DELEGATE));
        ReplicationTransport delegate = provider.create(new ReplicationTransportConfig(config.nodeId(),
                config.clusterId(), config.listen(), config.peers(), config.maxMessageBytes(),
                settings.delegateProperties()), context);
        return new ChaosTransport(delegate, settings, config, context);
    }
}
