package io.chronik.core.node;

import io.chronik.spi.FaultReporter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link FaultReporter}: logs every fault at ERROR with its cause and counts it in the
 * {@code chronik.faults} counter. It does not stop the node; what a fault means (fencing, shutdown)
 * is decided by the component that owns the failed part. Thread-safe.
 */
final class NodeFaults implements FaultReporter {

    private static final Logger LOG = LoggerFactory.getLogger(NodeFaults.class);

    private final Counter counter;

    NodeFaults(MeterRegistry meters) {
        this.counter = Counter.builder("chronik.faults")
                .description("Faults reported by the node's components and plugins")
                .register(meters);
    }

    @Override
    public void reportFault(String component, Throwable cause) {
        counter.increment();
        LOG.error("fault in {}: {}", component, cause.toString(), cause);
    }
}
