package io.chronik.spi.loader;

import io.chronik.spi.PluginException;
import io.chronik.spi.PluginProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds plugin providers.
 *
 * <p>Built-in providers come from the boot layer (the module path, and the class path for the
 * console). Every provider must report its SPI's exact major version, and names are unique per SPI;
 * either violation among built-ins is a packaging error and fails with {@link PluginException}.
 */
public final class PluginLoader {

    /** The {@code source} of providers found in the boot layer. */
    public static final String BUILT_IN = "built-in";

    private PluginLoader() {
    }

    /**
     * Finds the built-in providers of every SPI.
     *
     * @param hostVersion the node's version, reported as the built-ins' version
     */
    public static PluginRegistry builtIns(String hostVersion) {
        List<DiscoveredProvider<?>> found = new ArrayList<>();
        for (SpiType<?> spi : SpiType.ALL) {
            addBuiltIns(spi, hostVersion, found);
        }
        return new PluginRegistry(found, List.of());
    }

    private static <P extends PluginProvider<?, ?, ?>> void addBuiltIns(SpiType<P> spi, String hostVersion,
                                                                       List<DiscoveredProvider<?>> found) {
        Map<String, P> byName = new HashMap<>();
        for (P provider : ServiceLoader.load(spi.providerType(), PluginLoader.class.getClassLoader())) {
            if (provider.spiVersion() != spi.version()) {
                throw new PluginException("built-in " + spi.id() + " provider '" + provider.name() + "' ("
                        + provider.getClass().getName() + ") implements SPI version " + provider.spiVersion()
                        + ", this node supports " + spi.version());
            }
            P previous = byName.putIfAbsent(provider.name(), provider);
            if (previous != null) {
                throw new PluginException("two built-in " + spi.id() + " providers are named '" + provider.name()
                        + "': " + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
            found.add(new DiscoveredProvider<>(spi, provider, hostVersion, BUILT_IN));
        }
    }
}
