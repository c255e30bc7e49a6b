package io.chronik.examples.chaos;

import io.chronik.spi.PluginProperties;
import io.chronik.spi.replication.ReplicationTransportProvider;
import io.chronik.testkit.replication.ReplicationTransportCompatibilityKit;
import java.util.HashMap;
import java.util.Map;

/** Chaos with loss and delay 0 over {@code tcp} must be a correct transport: the full kit. */
class ChaosTransportCompatibilityTest extends ReplicationTransportCompatibilityKit {

    /**
     * Chaos keys around the {@code tcp} delegate's test keys: fast reconnects, a heartbeat timeout of a
     * few seconds (shorter ones drop healthy connections on a loaded machine) and a small queue.
     */
    static PluginProperties chaos(Map<String, String> chaosKeys) {
        Map<String, String> keys = new HashMap<>(chaosKeys);
        keys.put("delegate", "tcp");
        keys.put("tcp.heartbeat.interval.ms", "100");
        keys.put("tcp.heartbeat.timeout.ms", "3000");
        keys.put("tcp.connect.backoff.initial.ms", "20");
        keys.put("tcp.connect.backoff.max.ms", "200");
        keys.put("tcp.connect.timeout.ms", "1000");
        keys.put("tcp.queue.max.messages", "500");
        return new PluginProperties("replication.chaos.", keys);
    }

    @Override
    protected ReplicationTransportProvider provider() {
        return new ChaosTransportProvider();
    }

    @Override
    protected PluginProperties properties() {
        return chaos(Map.of("loss.percent", "0", "delay.ms", "0"));
    }
}
