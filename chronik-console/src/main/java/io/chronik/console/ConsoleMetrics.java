package io.chronik.console;

import io.chronik.spi.console.ConsoleContext;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.jetty12.server.TimedHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * The meters behind {@code /metrics}: a {@link PrometheusMeterRegistry} that the host feeds with every
 * node meter ({@link ConsoleContext#publishTo}), plus the meters the console owns itself, bound to
 * that registry only so they live and die with the console: JVM memory, GC, threads, class loading,
 * CPU and uptime, and the console's Jetty requests, connections and thread pool (tagged {@code plugin=web}).
 *
 * <p>Not thread-safe to build; the registry itself is thread-safe once built.
 */
final class ConsoleMetrics implements AutoCloseable {

    private static final Tags PLUGIN_TAGS = Tags.of("plugin", WebConsoleProvider.NAME);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    ConsoleMetrics(ConsoleContext context) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        context.publishTo(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Wraps {@code handler} so every request is timed ({@code http.server.requests}: method, status, outcome). */
    Handler timed(Handler handler) {
        TimedHandler timed = new TimedHandler(registry, PLUGIN_TAGS);
        timed.setHandler(handler);
        return timed;
    }

    /**
     * Binds the meters of {@code server}'s thread pool (threads, busy, idle, queued jobs) and
     * connections (open, peak, duration, messages in and out). Call before the server starts.
     */
    void bindServer(Server server) {
        new JettyServerThreadPoolMetrics(server.getThreadPool(), PLUGIN_TAGS).bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(server, registry, PLUGIN_TAGS);
    }

    /**
     * Stops the GC listener and closes the registry. The host's registry keeps forwarding to it (the
     * SPI has no way to stop publishing); a closed registry turns what it still receives into no-op meters.
     */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
