package io.chronik.spi.loader;

import io.chronik.spi.PluginProvider;
import java.util.Objects;

/**
 * A provider the loader found.
 *
 * @param spi      the SPI it implements
 * @param provider the provider instance
 * @param version  the plugin's version (built-ins report the host's version)
 * @param source   {@code built-in}, or the plugin directory it was loaded from
 * @param <P>      the provider interface
 */
public record DiscoveredProvider<P extends PluginProvider<?, ?, ?>>(SpiType<P> spi, P provider, String version,
                                                                   String source) {
    public DiscoveredProvider {
        Objects.requireNonNull(spi, "spi");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(source, "source");
    }

    /** The provider's name, as configuration selects it. */
    public String name() {
        return provider.name();
    }
}
