package io.chronik.core.node;

import io.chronik.api.ChronikNode;
import io.chronik.spi.FaultReporter;
import io.chronik.spi.Time;
import io.chronik.spi.console.ConsoleContext;
import io.chronik.spi.forwarding.ForwardedRequestHandler;
import io.chronik.spi.forwarding.LeaderForwarderContext;
import io.chronik.spi.replication.InboundHandler;
import io.chronik.spi.replication.ReplicationTransportContext;
import io.chronik.spi.wal.FileChannels;
import io.chronik.spi.wal.WalContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.ThreadFactory;

/**
 * The host services the node gives its plugins, one object for every SPI's context: the system
 * clock, the node-wide {@link CompositeMeterRegistry} (a console adds its own registry, e.g.
 * Prometheus, with {@link #publishTo}), named daemon threads, the fault reporter, real files, and the
 * node's handlers for inbound replication messages and forwarded requests. Thread-safe.
 */
final class HostContext implements WalContext, ReplicationTransportContext, LeaderForwarderContext, ConsoleContext {

    private final CompositeMeterRegistry meters;
    private final NodeThreads threads;
    private final FaultReporter faults;
    private final InboundHandler inbound;
    private final ForwardedRequestHandler handler;
    private final ChronikNode node;

    HostContext(CompositeMeterRegistry meters, NodeThreads threads, FaultReporter faults, InboundHandler inbound,
                ForwardedRequestHandler handler, ChronikNode node) {
        this.meters = meters;
        this.threads = threads;
        this.faults = faults;
        this.inbound = inbound;
        this.handler = handler;
        this.node = node;
    }

    @Override
    public Time time() {
        return Time.SYSTEM;
    }

    @Override
    public MeterRegistry meters() {
        return meters;
    }

    @Override
    public ThreadFactory threads(String role) {
        return threads.factory(role);
    }

    @Override
    public FaultReporter faults() {
        return faults;
    }

    @Override
    public FileChannels files() {
        return FileChannels.DEFAULT;
    }

    @Override
    public InboundHandler inbound() {
        return inbound;
    }

    @Override
    public ForwardedRequestHandler handler() {
        return handler;
    }

    @Override
    public ChronikNode node() {
        return node;
    }

    @Override
    public void publishTo(MeterRegistry registry) {
        meters.add(registry);
    }
}
