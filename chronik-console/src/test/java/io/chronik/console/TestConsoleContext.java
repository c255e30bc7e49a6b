package io.chronik.console;

import io.chronik.api.ChronikNode;
import io.chronik.spi.FaultReporter;
import io.chronik.spi.Time;
import io.chronik.spi.console.ConsoleContext;
import io.chronik.testkit.TestPluginContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.ThreadFactory;

/**
 * A console host for tests: threads and faults from {@link TestPluginContext}, and a composite node
 * registry that {@link #publishTo} extends, as the node's own registry does.
 */
final class TestConsoleContext implements ConsoleContext {

    private final TestPluginContext plugin = new TestPluginContext();
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
    private final ChronikNode node;

    TestConsoleContext(ChronikNode node) {
        this.node = node;
        meters.add(new SimpleMeterRegistry());
    }

    TestPluginContext plugin() {
        return plugin;
    }

    @Override
    public ChronikNode node() {
        return node;
    }

    @Override
    public void publishTo(MeterRegistry registry) {
        meters.add(registry);
    }

    @Override
    public Time time() {
        return plugin.time();
    }

    @Override
    public MeterRegistry meters() {
        return meters;
    }

    @Override
    public ThreadFactory threads(String role) {
        return plugin.threads(role);
    }

    @Override
    public FaultReporter faults() {
        return plugin.faults();
    }
}
