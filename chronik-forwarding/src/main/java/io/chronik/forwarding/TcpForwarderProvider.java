package io.chronik.forwarding;

import io.chronik.spi.forwarding.LeaderForwarder;
import io.chronik.spi.forwarding.LeaderForwarderConfig;
import io.chronik.spi.forwarding.LeaderForwarderContext;
import io.chronik.spi.forwarding.LeaderForwarderProvider;

/**
 * Provides the {@code tcp} leader forwarder ({@code forwarding.provider=tcp}, the default); its keys
 * are {@code forwarding.tcp.*}, listed in {@link ForwardingSettings}.
 */
public final class TcpForwarderProvider implements LeaderForwarderProvider {

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public LeaderForwarder create(LeaderForwarderConfig config, LeaderForwarderContext context) {
        return TcpLeaderForwarder.start(config, ForwardingSettings.from(config.properties()), context);
    }
}
