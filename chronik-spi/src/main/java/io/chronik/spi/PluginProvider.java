package io.chronik.spi;

/**
 * The shape every SPI shares. A provider is stateless and cheap to construct ({@link
 * java.util.ServiceLoader} instantiates every one it finds); all work and all resources belong to the
 * instance that {@link #create} returns.
 *
 * @param <C> the SPI's validated config record
 * @param <X> the SPI's context: the host services the instance may use
 * @param <I> the instance; closing it releases everything it holds
 */
public interface PluginProvider<C, X extends PluginContext, I extends AutoCloseable> {

    /**
     * The name configuration selects this provider by ({@code wal.provider=disruptor}): 1–32
     * characters of {@code [a-z0-9-]}, unique per SPI on a node.
     */
    String name();

    /**
     * The SPI major version this provider was built against. The host refuses a provider whose
     * version differs from the SPI's own {@code SPI_VERSION} constant.
     */
    int spiVersion();

    /**
     * Builds a running instance. Called at most once per node start, on the node's startup thread.
     *
     * @throws io.chronik.api.ConfigException if a plugin-specific key is missing or invalid
     * @throws PluginException                if the instance cannot start
     */
    I create(C config, X context);
}
