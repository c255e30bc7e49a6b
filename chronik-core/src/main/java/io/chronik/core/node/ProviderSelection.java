package io.chronik.core.node;

import io.chronik.core.config.ConfigKeys;
import io.chronik.core.config.NodeConfig;
import io.chronik.spi.PluginException;
import io.chronik.spi.console.ConsoleProvider;
import io.chronik.spi.forwarding.LeaderForwarderProvider;
import io.chronik.spi.loader.DiscoveredProvider;
import io.chronik.spi.loader.PluginRegistry;
import io.chronik.spi.loader.SpiType;
import io.chronik.spi.replication.ReplicationTransportProvider;
import io.chronik.spi.wal.WalProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The providers configuration selects. The WAL, replication and forwarding providers are named by
 * {@code <spi>.provider} and must exist. The console is optional: {@code console.provider} names one;
 * unset, the only console provider found is used, none found means no console, and several found is
 * an error asking the admin to choose.
 *
 * @param wal         the WAL provider
 * @param replication the replication transport provider
 * @param forwarding  the leader forwarder provider
 * @param console     the console provider, if one is installed
 */
public record ProviderSelection(DiscoveredProvider<WalProvider> wal,
                                DiscoveredProvider<ReplicationTransportProvider> replication,
                                DiscoveredProvider<LeaderForwarderProvider> forwarding,
                                Optional<DiscoveredProvider<ConsoleProvider>> console) {

    /**
     * Selects every provider.
     *
     * @throws PluginException naming the key and the available providers if a selected one is missing
     */
    public static ProviderSelection select(NodeConfig config, PluginRegistry registry) {
        return new ProviderSelection(
                registry.select(SpiType.WAL, config.get(ConfigKeys.WAL_PROVIDER)),
                registry.select(SpiType.REPLICATION, config.get(ConfigKeys.REPLICATION_PROVIDER)),
                registry.select(SpiType.FORWARDING, config.get(ConfigKeys.FORWARDING_PROVIDER)),
                selectConsole(config, registry));
    }

    private static Optional<DiscoveredProvider<ConsoleProvider>> selectConsole(NodeConfig config,
                                                                              PluginRegistry registry) {
        Optional<String> named = config.get(ConfigKeys.CONSOLE_PROVIDER);
        if (named.isPresent()) {
            return Optional.of(registry.select(SpiType.CONSOLE, named.get()));
        }
        List<DiscoveredProvider<ConsoleProvider>> found = registry.providers(SpiType.CONSOLE);
        if (found.size() > 1) {
            throw new PluginException("several console providers are installed ("
                    + found.stream().map(DiscoveredProvider::name).collect(Collectors.joining(", "))
                    + "); choose one with console.provider");
        }
        return found.stream().findFirst();
    }

    /**
     * The provider name configuration selects per SPI, without requiring that it exists: what
     * {@code bin/chronik plugins} marks active. The console is included when it is named or is the
     * only one found.
     */
    public static Map<SpiType<?>, String> activeNames(NodeConfig config, PluginRegistry registry) {
        Map<SpiType<?>, String> active = new LinkedHashMap<>();
        active.put(SpiType.WAL, config.get(ConfigKeys.WAL_PROVIDER));
        active.put(SpiType.REPLICATION, config.get(ConfigKeys.REPLICATION_PROVIDER));
        active.put(SpiType.FORWARDING, config.get(ConfigKeys.FORWARDING_PROVIDER));
        Optional<String> console = config.get(ConfigKeys.CONSOLE_PROVIDER);
        List<DiscoveredProvider<ConsoleProvider>> found = registry.providers(SpiType.CONSOLE);
        if (console.isPresent()) {
            active.put(SpiType.CONSOLE, console.get());
        } else if (found.size() == 1) {
            active.put(SpiType.CONSOLE, found.get(0).name());
        }
        return active;
    }

    /** The selected name per SPI. */
    public Map<SpiType<?>, String> names() {
        Map<SpiType<?>, String> names = new LinkedHashMap<>();
        names.put(SpiType.WAL, wal.name());
        names.put(SpiType.REPLICATION, replication.name());
        names.put(SpiType.FORWARDING, forwarding.name());
        console.ifPresent(c -> names.put(SpiType.CONSOLE, c.name()));
        return names;
    }

    /** The selected providers, in start order. */
    public List<DiscoveredProvider<?>> all() {
        List<DiscoveredProvider<?>> all = new ArrayList<>(List.of(wal, replication, forwarding));
        console.ifPresent(all::add);
        return all;
    }
}
