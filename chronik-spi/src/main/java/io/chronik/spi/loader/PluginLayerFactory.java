package io.chronik.spi.loader;

import io.chronik.spi.PluginException;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Defines the {@link ModuleLayer} of one plugin directory, as {@link PluginLoader} describes: every
 * {@code *.jar} is one module (explicit or automatic), resolved parents first against the host layer
 * with every module the host lacks as a root, and defined to one class loader whose parent is the
 * platform loader. Before resolving it checks each jar, so that the usual packaging mistakes (a bundled
 * SPI or API, two jars with one module, a descriptor naming a module no jar defines) get a message
 * naming the directory and jar instead of a resolver error.
 */
final class PluginLayerFactory {

    /** Modules a plugin jar must neither be nor carry packages of: a second copy would split the SPI. */
    private static final Set<String> HOST_MODULES = Set.of("io.chronik.spi", "io.chronik.api");

    private PluginLayerFactory() {
    }

    /**
     * Defines the layer of {@code pluginDir}.
     *
     * @param pluginDir  the plugin directory, named in every error
     * @param descriptor its checked descriptor
     * @param hostLayer  the layer holding {@code io.chronik.spi}
     * @throws PluginException naming the directory (and jar) and what is wrong
     */
    static ModuleLayer define(Path pluginDir, PluginDescriptor descriptor, ModuleLayer hostLayer) {
        Map<String, Path> jarsByModule = modulesOf(pluginDir, jars(pluginDir));
        if (!jarsByModule.containsKey(descriptor.module())) {
            throw new PluginException(pluginDir + ": module '" + descriptor.module() + "' named in "
                    + PluginDescriptor.FILE_NAME + " is not defined by any jar; the jars define "
                    + jarsByModule.keySet());
        }
        Configuration hostConfiguration = hostLayer.configuration();
        if (hostConfiguration.findModule(descriptor.module()).isPresent()) {
            throw new PluginException(pluginDir + ": module '" + descriptor.module()
                    + "' is already part of the node; a plugin cannot replace it");
        }
        // Roots: every module of the directory the host does not already have (those stay the host's).
        Set<String> roots = jarsByModule.keySet().stream()
                .filter(name -> hostConfiguration.findModule(name).isEmpty())
                .collect(Collectors.toSet());
        ModuleFinder jars = ModuleFinder.of(jarsByModule.values().toArray(Path[]::new));
        try {
            Configuration configuration =
                    hostConfiguration.resolve(ModuleFinder.of(), jars, roots);
            return ModuleLayer.defineModulesWithOneLoader(configuration, List.of(hostLayer),
                    ClassLoader.getPlatformClassLoader()).layer();
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            throw new PluginException(pluginDir + ": its modules do not resolve against the node: "
                    + e.getMessage(), e);
        }
    }

    private static List<Path> jars(Path pluginDir) {
        List<Path> jars;
        try (Stream<Path> entries = Files.list(pluginDir)) {
            jars = entries.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new PluginException(pluginDir + ": cannot list its jars: " + e, e);
        }
        if (jars.isEmpty()) {
            throw new PluginException(pluginDir + ": contains no *.jar file");
        }
        return jars;
    }

    /** Each jar's module, checked for bundled host modules and duplicates; keyed by module name. */
    private static Map<String, Path> modulesOf(Path pluginDir, List<Path> jars) {
        Map<String, Path> jarsByModule = new LinkedHashMap<>();
        for (Path jar : jars) {
            ModuleDescriptor module = moduleOf(pluginDir, jar);
            Optional<String> bundled = bundledHostModule(module);
            if (bundled.isPresent()) {
                throw new PluginException(pluginDir + ": " + jar.getFileName() + " bundles " + bundled.get()
                        + "; remove it from the plugin, the node provides its own");
            }
            Path previous = jarsByModule.putIfAbsent(module.name(), jar);
            if (previous != null) {
                throw new PluginException(pluginDir + ": " + previous.getFileName() + " and " + jar.getFileName()
                        + " both define module '" + module.name() + "'; keep one");
            }
        }
        return jarsByModule;
    }

    private static ModuleDescriptor moduleOf(Path pluginDir, Path jar) {
        try {
            Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
            if (found.size() != 1) {
                throw new PluginException(pluginDir + ": " + jar.getFileName() + " defines no module");
            }
            return found.iterator().next().descriptor();
        } catch (FindException e) {
            throw new PluginException(pluginDir + ": " + jar.getFileName() + " is not a usable module: "
                    + e.getMessage(), e);
        }
    }

    /** Which host module {@code module} is or carries classes of, if any. */
    private static Optional<String> bundledHostModule(ModuleDescriptor module) {
        if (HOST_MODULES.contains(module.name())) {
            return Optional.of("module " + module.name());
        }
        for (String pkg : module.packages()) {
            for (String host : HOST_MODULES) {
                if (pkg.equals(host) || pkg.startsWith(host + ".")) {
                    return Optional.of("classes of " + host + " (package " + pkg + ")");
                }
            }
        }
        return Optional.empty();
    }
}
