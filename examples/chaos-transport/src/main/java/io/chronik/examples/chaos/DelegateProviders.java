package io.chronik.examples.chaos;

import io.chronik.api.ConfigException;
import io.chronik.spi.replication.ReplicationTransportProvider;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the transport chaos wraps. A plugin runs in its own module layer whose parents include the
 * node's boot layer, so {@code ServiceLoader.load(layer, ...)} sees the built-in transports (and any
 * plugin of a parent layer). On the class path (in tests) the class loader's services are used.
 */
final class DelegateProviders {

    private DelegateProviders() {
    }

    /** The provider called {@code name}, other than chaos itself. */
    static ReplicationTransportProvider find(String name, String key) {
        if (name.equals(ChaosTransportProvider.NAME)) {
            throw new ConfigException(key, "chaos cannot wrap itself; name the transport that moves the bytes, e.g. tcp");
        }
        List<ReplicationTransportProvider> visible = visible();
        ReplicationTransportProvider provider = visible.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigException(key, "no replication transport called '" + name
                        + "' is visible to the chaos plugin; visible: "
                        + visible.stream().map(ReplicationTransportProvider::name).sorted().toList()));
        if (provider.spiVersion() != ReplicationTransportProvider.SPI_VERSION) {
            throw new ConfigException(key, "transport '" + name + "' targets SPI version " + provider.spiVersion()
                    + ", chaos was built for " + ReplicationTransportProvider.SPI_VERSION);
        }
        return provider;
    }

    private static List<ReplicationTransportProvider> visible() {
        Module module = DelegateProviders.class.getModule();
        ServiceLoader<ReplicationTransportProvider> loader = module.getLayer() != null
                ? ServiceLoader.load(module.getLayer(), ReplicationTransportProvider.class)
                : ServiceLoader.load(ReplicationTransportProvider.class, DelegateProviders.class.getClassLoader());
        return loader.stream().map(ServiceLoader.Provider::get)
                .filter(provider -> !provider.name().equals(ChaosTransportProvider.NAME)).toList();
    }
}
