package io.chronik.spi.loader;

import io.chronik.api.PluginInfo;
import io.chronik.spi.PluginException;
import io.chronik.spi.PluginProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every provider the loader found, per SPI, and the plugin directories it skipped. Immutable.
 *
 * <p>Provider names are unique per SPI: building a registry with two providers of one SPI sharing a
 * name fails, naming both sources. A node that tolerates broken, unselected plugins calls
 * {@link #select} (which names every skipped directory when the wanted provider is missing) and logs
 * {@link #problems()}; a strict node calls {@link #requireNoProblems()} first.
 */
public final class PluginRegistry {

    private final List<DiscoveredProvider<?>> providers;
    private final List<PluginProblem> problems;

    /**
     * @throws PluginException if two providers of one SPI have the same name
     */
    PluginRegistry(List<DiscoveredProvider<?>> providers, List<PluginProblem> problems) {
        this.providers = List.copyOf(providers);
        this.problems = List.copyOf(problems);
        requireUniqueNames(this.providers);
    }

    private static void requireUniqueNames(List<DiscoveredProvider<?>> providers) {
        Map<String, DiscoveredProvider<?>> byKey = new HashMap<>();
        for (DiscoveredProvider<?> provider : providers) {
            DiscoveredProvider<?> previous = byKey.putIfAbsent(provider.spi().id() + '/' + provider.name(), provider);
            if (previous != null) {
                throw new PluginException("two " + provider.spi().id() + " providers are named '" + provider.name()
                        + "': " + describeOrigin(previous) + " and " + describeOrigin(provider)
                        + "; provider names must be unique per SPI, remove or rename one");
            }
        }
    }

    private static String describeOrigin(DiscoveredProvider<?> provider) {
        return provider.provider().getClass().getName() + " from " + provider.source();
    }

    /** Every provider, built-ins first. */
    List<DiscoveredProvider<?>> all() {
        return providers;
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

    /** Plugin directories (or stray files in the plugins directory) that could not be loaded and were skipped. */
    public List<PluginProblem> problems() {
        return problems;
    }

    /**
     * Fails if any plugin directory was skipped, for a node that must not start with a broken plugin.
     *
     * @throws PluginException naming every skipped directory and its problem
     */
    public void requireNoProblems() {
        if (!problems.isEmpty()) {
            throw new PluginException(problems.size() + " plugin(s) failed to load" + describeProblems());
        }
    }

    private String describeProblems() {
        StringBuilder text = new StringBuilder();
        for (PluginProblem problem : problems) {
            text.append("; plugin ").append(problem.source()).append(" failed to load: ").append(problem.message());
        }
        return text.toString();
    }

    /**
     * The provider configuration selected.
     *
     * @throws PluginException naming the key, the wanted name and the available ones if there is no
     *                         such provider, and every skipped plugin directory with its problem (one of
     *                         them may be the one that should have provided it)
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
                .append(available.isEmpty() ? "(none)" : available)
                .append(describeProblems());
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
