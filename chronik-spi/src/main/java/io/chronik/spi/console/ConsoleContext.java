package io.chronik.spi.console;

import io.chronik.api.ChronikNode;
import io.chronik.spi.PluginContext;
import io.micrometer.core.instrument.MeterRegistry;

/** Host services for a console: the common ones, the node it shows and access to every meter. */
public interface ConsoleContext extends PluginContext {

    /** The node the console shows and manages. */
    ChronikNode node();

    /**
     * Adds a registry that receives every meter of the node, past and future (e.g. the Prometheus
     * registry that backs {@code /metrics}).
     */
    void publishTo(MeterRegistry registry);
}
