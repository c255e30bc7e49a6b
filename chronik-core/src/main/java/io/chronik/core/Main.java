package io.chronik.core;

import io.chronik.api.ChronikException;
import io.chronik.api.PluginInfo;
import io.chronik.core.config.ConfigKeys;
import io.chronik.core.config.ConfigLoader;
import io.chronik.core.config.NodeConfig;
import io.chronik.core.node.ChronikServer;
import io.chronik.core.node.ChronikVersion;
import io.chronik.core.node.ProviderSelection;
import io.chronik.spi.loader.PluginLoader;
import io.chronik.spi.loader.PluginProblem;
import io.chronik.spi.loader.PluginRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's command line, run by {@code bin/chronik}:
 * <pre>
 * chronik run      [--config FILE] [--set KEY=VALUE]...   start a node in the foreground until SIGTERM
 * chronik plugins  [--config FILE] [--set KEY=VALUE]...   list the providers found per SPI
 * chronik config   [--config FILE] [--set KEY=VALUE]...   print the effective configuration
 * chronik version
 * </pre>
 * The launcher passes the installation directory as the system property {@code chronik.home}; the
 * default configuration file is then {@code <home>/conf/chronik.properties}, which may be absent. A
 * file named with {@code --config} must exist. A configuration or plugin error prints one line to
 * stderr and exits with status 1; a usage error exits with 2.
 */
public final class Main {

    static final int OK = 0;
    static final int STARTUP_FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = "usage: chronik run|plugins|config|version"
            + " [--config FILE] [--set KEY=VALUE]...";

    private final Map<String, String> environment;
    private final Optional<Path> home;
    private final PrintStream out;
    private final PrintStream err;

    Main(Map<String, String> environment, Optional<Path> home, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.home = home;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        Optional<Path> home = Optional.ofNullable(System.getProperty("chronik.home")).map(Path::of);
        int status = new Main(System.getenv(), home, System.out, System.err).execute(List.of(args));
        if (status != OK) {
            System.exit(status);
        }
    }

    /** Runs one command and returns the process exit status; {@code run} returns once the node stopped. */
    int execute(List<String> args) {
        if (args.isEmpty()) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        String command = args.get(0);
        Optional<Path> file = Optional.empty();
        List<String> overrides = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            String option = args.get(i);
            if ((option.equals("--config") || option.equals("--set")) && i + 1 < args.size()) {
                String value = args.get(++i);
                if (option.equals("--config")) {
                    file = Optional.of(Path.of(value));
                } else {
                    overrides.add(value);
                }
            } else {
                err.println("chronik: unexpected argument '" + option + "'\n" + USAGE_TEXT);
                return USAGE;
            }
        }
        ConfigLoader.Sources sources = new ConfigLoader.Sources(
                file.or(() -> home.map(h -> h.resolve("conf").resolve("chronik.properties"))), file.isPresent(),
                home, environment, overrides);
        try {
            switch (command) {
                case "run" -> run(ConfigLoader.load(sources));
                case "plugins" -> plugins(ConfigLoader.load(sources));
                case "config" -> ConfigLoader.load(sources).effective().forEach((k, v) -> out.println(k + "=" + v));
                case "version" -> out.println("chronik " + ChronikVersion.current());
                default -> {
                    err.println("chronik: unknown command '" + command + "'\n" + USAGE_TEXT);
                    return USAGE;
                }
            }
            return OK;
        } catch (ChronikException e) {
            err.println("chronik: " + e.getMessage());
            return STARTUP_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("chronik: interrupted");
            return STARTUP_FAILED;
        }
    }

    private void run(NodeConfig config) throws InterruptedException {
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("Chronik {} starting", ChronikVersion.current());
        ChronikServer server;
        try {
            server = ChronikServer.start(config, loadPlugins(config));
        } catch (ChronikException e) {
            log.error("startup failed: {}", e.getMessage());
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "chronik-shutdown"));
        log.info(server.startupSummary());
        server.awaitClosed();
    }

    private void plugins(NodeConfig config) {
        PluginRegistry registry = loadPlugins(config);
        List<PluginInfo> plugins = registry.describe(ProviderSelection.activeNames(config, registry));
        String format = "%-12s %-16s %-16s %-10s %s%n";
        out.printf(format, "SPI", "NAME", "VERSION", "ACTIVE", "SOURCE");
        for (PluginInfo plugin : plugins) {
            out.printf(format, plugin.spi(), plugin.name(), plugin.version(), plugin.active() ? "yes" : "no",
                    plugin.source());
        }
        for (PluginProblem problem : registry.problems()) {
            out.println("skipped " + problem.source() + ": " + problem.message());
        }
    }

    /**
     * Finds the built-in providers and those in {@code plugins.dir}. A plugin directory that fails to load
     * is logged and skipped; selecting a provider it would have offered fails startup naming it.
     */
    private static PluginRegistry loadPlugins(NodeConfig config) {
        PluginRegistry registry = PluginLoader.load(config.get(ConfigKeys.PLUGINS_DIR), ChronikVersion.current());
        Logger log = LoggerFactory.getLogger(Main.class);
        for (PluginProblem problem : registry.problems()) {
            log.warn("skipped plugin {}: {}", problem.source(), problem.message());
        }
        return registry;
    }
}
