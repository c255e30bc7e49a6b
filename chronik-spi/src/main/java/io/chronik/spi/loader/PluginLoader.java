package io.chronik.spi.loader;

import io.chronik.spi.PluginException;
import io.chronik.spi.PluginProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds plugin providers: the built-in ones and those of third-party plugin directories.
 *
 * <h2>Built-ins</h2>
 * Built-in providers come from the boot layer (the module path, and the class path for the console).
 *
 * <h2>Plugin directories</h2>
 * Each directory {@code plugins/<name>/} holds a {@link PluginDescriptor plugin.properties} and the
 * plugin's jars (its own and its dependencies). The layers look like this:
 * <pre>
 *   boot layer: java.*, io.chronik.api, io.chronik.spi, micrometer.core, core, built-in plugins
 *     ├── layer of plugins/a/: a's jars, one class loader
 *     └── layer of plugins/b/: b's jars, another class loader
 * </pre>
 * Each directory becomes one {@link ModuleLayer} whose only parent is the layer holding
 * {@code io.chronik.spi}. Its jars are resolved parents first (they are the <em>after</em> finder of
 * {@link java.lang.module.Configuration#resolve}), so a module the host has always comes from the host
 * and a bundled copy can never shadow the SPI; jars that carry {@code io.chronik.spi} or
 * {@code io.chronik.api} are refused. A modular jar is an explicit module; any other jar becomes an
 * automatic module of that layer (exporting everything, providing what its {@code META-INF/services}
 * lists), which is the fallback for non-modular plugins and dependencies. The class loader's parent
 * is the platform loader, so the node's class path stays hidden. Directories never see each other, so
 * two plugins may bundle different versions of one library.
 *
 * <p>A directory's providers are those {@link ServiceLoader#load(ModuleLayer, Class)} finds in that
 * layer itself; the parent's providers are the built-ins and are not counted twice. All this needs
 * {@code io.chronik.spi} to be a named module, i.e. the node on the module path.
 *
 * <h2>Errors</h2>
 * Every provider must report its SPI's exact major version, and a plugin's descriptor must target it
 * too. A plugin directory that cannot be loaded (bad descriptor, bundled SPI, unresolvable modules,
 * wrong SPI version, a provider that fails to instantiate) is skipped and recorded as a
 * {@link PluginProblem} naming the directory; {@link PluginRegistry#select} reports those problems when
 * the wanted provider is missing, and {@link PluginRegistry#requireNoProblems()} fails on any of them.
 * Two providers of one SPI with the same name are always an error ({@link PluginException}), wherever
 * they come from, as is a wrong SPI version among built-ins (a packaging error).
 *
 * <p>Not thread-safe in any interesting way: the node calls it once, on its startup thread.
 */
public final class PluginLoader {

    /** The {@code source} of providers found in the boot layer. */
    public static final String BUILT_IN = "built-in";

    private static final Pattern VALID_NAME = Pattern.compile("[a-z0-9-]{1,32}");

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

    /**
     * Finds the built-in providers and those of every plugin directory under {@code pluginsDir}.
     *
     * @param pluginsDir  the plugins directory; if it does not exist there are no third-party plugins
     * @param hostVersion the node's version, reported as the built-ins' version
     * @return every provider found, and a problem for each plugin directory that was skipped
     * @throws PluginException if two providers of one SPI share a name, if {@code pluginsDir} cannot be
     *                         listed, or if it holds plugin directories while {@code io.chronik.spi} is on
     *                         the class path
     */
    public static PluginRegistry load(Path pluginsDir, String hostVersion) {
        List<DiscoveredProvider<?>> found = new ArrayList<>(builtIns(hostVersion).all());
        List<PluginProblem> problems = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        for (Path entry : entries(pluginsDir)) {
            if (Files.isDirectory(entry)) {
                directories.add(entry);
            } else if (entry.getFileName().toString().endsWith(".jar")) {
                problems.add(new PluginProblem(entry.toString(), "a jar directly in " + pluginsDir
                        + " is ignored; put it in a plugin directory " + pluginsDir + "/<name>/ with a "
                        + PluginDescriptor.FILE_NAME));
            }
        }
        Module spiModule = PluginLoader.class.getModule();
        if (!directories.isEmpty() && !spiModule.isNamed()) {
            throw new PluginException("plugins in " + pluginsDir + " need the node on the module path, but "
                    + "io.chronik.spi was loaded from the class path; start the node with --module-path "
                    + "or remove the plugin directories " + directories);
        }
        for (Path directory : directories) {
            try {
                found.addAll(loadDirectory(directory, spiModule.getLayer()));
            } catch (PluginException e) {
                problems.add(new PluginProblem(directory.toString(), withoutPrefix(e.getMessage(), directory + ": ")));
            }
        }
        return new PluginRegistry(found, problems);
    }

    /** The problem's source already names the directory; its message need not repeat it. */
    private static String withoutPrefix(String message, String prefix) {
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** The plugins directory's non-hidden entries, sorted; none if it does not exist. */
    private static List<Path> entries(Path pluginsDir) {
        if (!Files.exists(pluginsDir)) {
            return List.of();
        }
        if (!Files.isDirectory(pluginsDir)) {
            throw new PluginException("plugins directory " + pluginsDir + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(pluginsDir)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new PluginException("cannot list plugins directory " + pluginsDir + ": " + e, e);
        }
    }

    private static List<DiscoveredProvider<?>> loadDirectory(Path directory, ModuleLayer hostLayer) {
        PluginDescriptor descriptor = PluginDescriptor.read(directory);
        ModuleLayer layer = PluginLayerFactory.define(directory, descriptor, hostLayer);
        List<DiscoveredProvider<?>> found = new ArrayList<>();
        for (SpiType<?> spi : SpiType.ALL) {
            addLayerProviders(spi, directory, descriptor, layer, found);
        }
        if (found.isEmpty()) {
            throw new PluginException(directory + ": provides no Chronik provider; declare one with 'provides' "
                    + "in module-info.java (or META-INF/services in a non-modular jar)");
        }
        return found;
    }

    private static <P extends PluginProvider<?, ?, ?>> void addLayerProviders(
            SpiType<P> spi, Path directory, PluginDescriptor descriptor, ModuleLayer layer,
            List<DiscoveredProvider<?>> found) {
        try {
            List<ServiceLoader.Provider<P>> own = ServiceLoader.load(layer, spi.providerType()).stream()
                    .filter(candidate -> candidate.type().getModule().getLayer() == layer)
                    .collect(Collectors.toList());
            for (ServiceLoader.Provider<P> candidate : own) {
                String type = candidate.type().getName();
                if (descriptor.spiVersion() != spi.version()) {
                    throw new PluginException(directory + ": " + PluginDescriptor.FILE_NAME + " has "
                            + PluginDescriptor.SPI_VERSION + "=" + descriptor.spiVersion() + ", but " + type
                            + " implements the " + spi.id() + " SPI, which is version " + spi.version()
                            + " on this node");
                }
                P provider = candidate.get();
                if (!VALID_NAME.matcher(provider.name()).matches()) {
                    throw new PluginException(directory + ": " + spi.id() + " provider " + type + " is named '"
                            + provider.name() + "'; a provider name is 1-32 characters of [a-z0-9-]");
                }
                if (provider.spiVersion() != spi.version()) {
                    throw new PluginException(directory + ": " + spi.id() + " provider '" + provider.name() + "' ("
                            + type + ") implements SPI version " + provider.spiVersion() + ", this node's "
                            + spi.id() + " SPI is version " + spi.version());
                }
                found.add(new DiscoveredProvider<>(spi, provider, descriptor.version(), directory.toString()));
            }
        } catch (PluginException e) {
            throw e;
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
            // The plugin's own code failed (bad services entry, missing class, throwing constructor).
            throw new PluginException(directory + ": its " + spi.id() + " providers cannot be loaded: " + e, e);
        }
    }

    private static <P extends PluginProvider<?, ?, ?>> void addBuiltIns(SpiType<P> spi, String hostVersion,
                                                                       List<DiscoveredProvider<?>> found) {
        for (P provider : ServiceLoader.load(spi.providerType(), PluginLoader.class.getClassLoader())) {
            if (provider.spiVersion() != spi.version()) {
                throw new PluginException("built-in " + spi.id() + " provider '" + provider.name() + "' ("
                        + provider.getClass().getName() + ") implements SPI version " + provider.spiVersion()
                        + ", this node supports " + spi.version());
            }
            found.add(new DiscoveredProvider<>(spi, provider, hostVersion, BUILT_IN));
        }
    }
}
