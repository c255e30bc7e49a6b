package io.chronik.testkit;

import io.chronik.spi.FaultReporter;
import io.chronik.spi.Time;
import io.chronik.spi.forwarding.ForwardedRequestHandler;
import io.chronik.spi.forwarding.LeaderForwarderContext;
import io.chronik.spi.replication.InboundHandler;
import io.chronik.spi.replication.ReplicationTransportContext;
import io.chronik.spi.wal.FileChannels;
import io.chronik.spi.wal.WalContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host context for testing plugins outside a node: the system clock, a {@link SimpleMeterRegistry}
 * the test can read, named daemon threads, and a fault reporter that records every fault so a test can
 * assert on it. One class serves every SPI's context; set the SPI-specific parts with the
 * {@code with*} methods (each returns a new context sharing meters and faults).
 *
 * <p>Thread-safe.
 */
public final class TestPluginContext implements WalContext, ReplicationTransportContext, LeaderForwarderContext {

    /** A fault a plugin reported. */
    public record Fault(String component, Throwable cause) {
    }

    private final MeterRegistry meters;
    private final List<Fault> faults;
    private final FileChannels files;
    private final InboundHandler inbound;
    private final ForwardedRequestHandler handler;

    public TestPluginContext() {
        this(new SimpleMeterRegistry(), new CopyOnWriteArrayList<>(), FileChannels.DEFAULT,
                (from, header, body) -> { }, (from, request) ->
                        CompletableFuture.failedFuture(new IllegalStateException("no handler configured")));
    }

    private TestPluginContext(MeterRegistry meters, List<Fault> faults, FileChannels files, InboundHandler inbound,
                              ForwardedRequestHandler handler) {
        this.meters = meters;
        this.faults = faults;
        this.files = files;
        this.inbound = inbound;
        this.handler = handler;
    }

    public TestPluginContext withFiles(FileChannels files) {
        return new TestPluginContext(meters, faults, files, inbound, handler);
    }

    public TestPluginContext withInbound(InboundHandler inbound) {
        return new TestPluginContext(meters, faults, files, inbound, handler);
    }

    public TestPluginContext withHandler(ForwardedRequestHandler handler) {
        return new TestPluginContext(meters, faults, files, inbound, handler);
    }

    /** Every fault reported so far, oldest first. */
    public List<Fault> reportedFaults() {
        return List.copyOf(faults);
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
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "test-" + role + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> faults.add(new Fault("thread " + t.getName(), e)));
            return thread;
        };
    }

    @Override
    public FaultReporter faults() {
        return (component, cause) -> faults.add(new Fault(component, cause));
    }

    @Override
    public FileChannels files() {
        return files;
    }

    @Override
    public InboundHandler inbound() {
        return inbound;
    }

    @Override
    public ForwardedRequestHandler handler() {
        return handler;
    }

    /** A convenience for handlers in tests: a copy of the remaining bytes. */
    public static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
