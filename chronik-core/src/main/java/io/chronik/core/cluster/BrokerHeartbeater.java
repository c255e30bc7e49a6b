package io.chronik.core.cluster;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's broker side of liveness: registers with the controller (its advertised Kafka
 * listener), then heartbeats every {@value #INTERVAL_MS} ms; registers again whenever the controller
 * does not know it (a new cluster, or a registration lost with a leader change). One call at a time
 * is in flight, so a slow controller is not flooded. One thread of its own.
 */
public final class BrokerHeartbeater implements AutoCloseable {

    static final long INTERVAL_MS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(BrokerHeartbeater.class);

    private final int nodeId;
    private final ControllerClient client;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile boolean registered;
    private volatile MetadataOperation.RegisterBroker registration;

    public BrokerHeartbeater(int nodeId, ControllerClient client) {
        this.nodeId = nodeId;
        this.client = client;
        this.timer = ClusterThreads.single("broker-heartbeat", nodeId);
    }

    /** Starts registering as {@code host:port} and heartbeating. */
    public void start(String host, int port) {
        registration = new MetadataOperation.RegisterBroker(nodeId, host, port);
        timer.scheduleWithFixedDelay(this::beat, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        MetadataOperation operation = registered ? new MetadataOperation.BrokerHeartbeat(nodeId) : registration;
        client.submit(operation).whenComplete((result, error) -> {
            inFlight.set(false);
            if (result == null) {
                return;
            }
            if (operation instanceof MetadataOperation.RegisterBroker && result.succeeded()) {
                registered = true;
                LOG.info("node {}: registered as broker {}:{}", nodeId, registration.host(), registration.port());
            } else if (result.error() == Errors.BROKER_ID_NOT_REGISTERED) {
                registered = false;
            } else if (!result.succeeded()) {
                LOG.debug("node {}: {} failed: {}", nodeId, operation, result);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
