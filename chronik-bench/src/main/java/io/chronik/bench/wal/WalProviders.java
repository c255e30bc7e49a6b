package io.chronik.bench.wal;

import io.chronik.spi.wal.WalProvider;
import java.util.List;
import java.util.ServiceLoader;

/** Finds a {@link WalProvider} on the class path the way the node does: through {@link ServiceLoader}, by name. */
final class WalProviders {

    private WalProviders() {
    }

    /**
     * The provider called {@code name}.
     *
     * @throws IllegalStateException naming the providers that were found, if none is called {@code name}
     */
    static WalProvider named(String name) {
        List<WalProvider> providers = ServiceLoader.load(WalProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        return providers.stream()
                .filter(provider -> provider.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no WalProvider named '" + name
                        + "' on the class path (found " + providers.stream().map(WalProvider::name).toList()
                        + "); is its jar in the benchmarks jar and declared in META-INF/services/"
                        + WalProvider.class.getName() + "?"));
    }
}
