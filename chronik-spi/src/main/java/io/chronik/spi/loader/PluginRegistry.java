package io.chronik.spi.loader;

import io.chronik.api.PluginInfo;
import io.chronik.spi.PluginException;
import io.chronik.spi.PluginProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every provider the loader found, per SPI, and the problems it met on the way. Immutable.
 */
public final class PluginRegistry {

    private final List<DiscoveredProvider<?>> providers;
    private final List<PluginProblem> problems;

    PluginRegistry(List<DiscoveredProvider<?>> providers, List<PluginProblem> problems) {
        this.providers = List.copyOf(providers);
        this.problems = List.copyOf(problems);
    }

    /** The providers found for {@code spi}, built-ins first. */
    @SuppressWarnings("unchecked")
    public <P extends PluginProvider<?, ?, ?>> List<DiscoveredProvider<P>> providers(SpiType<P> spi) {
        List<DiscoveredProvider<P>> result = new ArrayList<>();
        for (DiscoveredProvider<?> candidate : providers) {
            if (candidate.spi() == spi) {
                result.add((DiscoveredProvider<P>) candidate);
            }
        }
        return result;
    }

    /** Plugin directories or providers that could not be loaded and were skipped. */
    public List<PluginProblem> problems() {
        return problems;
    }

    /**
     * The provider configuration selected.
     *
     * @throws PluginException naming the key, the wanted name and the available ones if there is no
     *                         such provider (and any skipped plugin directory, which may be the cause)
     */
    public <P extends PluginProvider<?, ?, ?>> DiscoveredProvider<P> select(SpiType<P> spi, String name) {
        List<DiscoveredProvider<P>> candidates = providers(spi);
        for (DiscoveredProvider<P> candidate : candidates) {
            if (candidate.name().equals(name)) {
                return candidate;
            }
        }
        String available = candidates.stream().map(DiscoveredProvider::name).collect(Collectors.joining(", "));
        StringBuilder message = new StringBuilder()
                .append(spi.providerKey()).append('=').append(name)
                .append(": no ").append(spi.id()).append(" provider named '").append(name).append("'; available: ")
                .append(available.isEmpty() ? "(none)" : available);
        for (PluginProblem problem : problems) {
            message.append("; skipped ").append(problem.source()).append(": ").append(problem.message());
        }
        throw new PluginException(message.toString());
    }

    /** Describes every provider, marking those named in {@code active} (SPI to selected name). */
    public List<PluginInfo> describe(Map<SpiType<?>, String> active) {
        List<PluginInfo> result = new ArrayList<>();
        for (DiscoveredProvider<?> p : providers) {
            boolean isActive = p.name().equals(active.get(p.spi()));
            result.add(new PluginInfo(p.spi().id(), p.name(), p.version(), p.source(), isActive));
        }
        return result;
    }
}
