package io.chronik.replication.tcp;

import io.chronik.spi.PluginProperties;
import io.chronik.spi.replication.ReplicationTransportProvider;
import io.chronik.testkit.replication.ReplicationTransportCompatibilityKit;
import java.util.Map;

/** The {@code tcp} transport against the transport compatibility kit. */
class TcpReplicationTransportCompatibilityTest extends ReplicationTransportCompatibilityKit {

    /**
     * Fast reconnects and a small queue, so the kit runs in seconds. The heartbeat timeout stays at a
     * few seconds: on a loaded build machine a shorter one closes healthy connections, and the messages
     * in flight on them are lost (at-most-once), which the kit's exact-delivery checks would not forgive.
     */
    static PluginProperties fastProperties() {
        return new PluginProperties("replication.tcp.", Map.of(
                "heartbeat.interval.ms", "100",
                "heartbeat.timeout.ms", "3000",
                "connect.backoff.initial.ms", "20",
                "connect.backoff.max.ms", "200",
                "connect.timeout.ms", "1000",
                "queue.max.messages", "500"));
    }

    @Override
    protected ReplicationTransportProvider provider() {
        return new TcpTransportProvider();
    }

    @Override
    protected PluginProperties properties() {
        return fastProperties();
    }
}
