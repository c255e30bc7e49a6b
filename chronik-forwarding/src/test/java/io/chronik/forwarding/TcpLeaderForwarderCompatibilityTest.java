package io.chronik.forwarding;

import io.chronik.testkit.forwarding.LeaderForwarderCompatibilityKit;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.forwarding.LeaderForwarderProvider;
import java.util.Map;

/** The {@code tcp} forwarder against the forwarder compatibility kit. */
class TcpLeaderForwarderCompatibilityTest extends LeaderForwarderCompatibilityKit {

    static PluginProperties fastProperties() {
        return new PluginProperties("forwarding.tcp.", Map.of("connect.timeout.ms", "2000"));
    }

    @Override
    protected LeaderForwarderProvider provider() {
        return new TcpForwarderProvider();
    }

    @Override
    protected PluginProperties properties() {
        return fastProperties();
    }
}
