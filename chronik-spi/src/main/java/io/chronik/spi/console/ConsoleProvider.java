package io.chronik.spi.console;

import io.chronik.spi.PluginProvider;

/**
 * Makes the web console (UI, REST API, metrics endpoint). Found on the class path, since the console's
 * libraries have no module metadata; the node starts it unless {@code console.enabled=false}.
 */
public interface ConsoleProvider extends PluginProvider<ConsoleConfig, ConsoleContext, Console> {

    /** The console SPI's major version. */
    int SPI_VERSION = 1;
}
