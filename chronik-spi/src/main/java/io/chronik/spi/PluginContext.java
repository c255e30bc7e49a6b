package io.chronik.spi;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ThreadFactory;

/**
 * Host services common to every SPI. A plugin takes time, threads and meters only from here, so the
 * host can simulate time, name and account for threads, and export every meter.
 */
public interface PluginContext {

    /** The host's clock; deterministic simulations pass a manual one. */
    Time time();

    /** The node's meter registry; plugins tag their meters with {@code plugin=<name>}. */
    MeterRegistry meters();

    /**
     * A factory for this plugin's threads. {@code role} becomes part of the thread name (e.g.
     * {@code chronik-wal-disruptor-writer}); threads are daemons and report uncaught exceptions as faults.
     */
    ThreadFactory threads(String role);

    /** Where the plugin reports a failure that makes it unusable (a failed fsync, a dead listener). */
    FaultReporter faults();
}
