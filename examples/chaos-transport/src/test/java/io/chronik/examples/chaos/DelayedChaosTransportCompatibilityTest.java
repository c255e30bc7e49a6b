package io.chronik.examples.chaos;

import io.chronik.spi.PluginProperties;
import io.chronik.spi.replication.ReplicationTransportProvider;
import io.chronik.testkit.replication.ReplicationTransportCompatibilityKit;
import java.util.Map;

/**
 * Chaos with delay and jitter but no loss must still be a correct transport: every kit test runs
 * through the delay line (copies, per-pair order, its own queue limit, close).
 */
class DelayedChaosTransportCompatibilityTest extends ReplicationTransportCompatibilityKit {

    @Override
    protected ReplicationTransportProvider provider() {
        return new ChaosTransportProvider();
    }

    @Override
    protected PluginProperties properties() {
        return ChaosTransportCompatibilityTest.chaos(Map.of("delay.ms", "2", "jitter.ms", "5",
                "queue.max.messages", "2000"));
    }
}
