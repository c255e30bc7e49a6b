package io.chronik.spi.console;

import io.chronik.spi.PluginProperties;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What the host tells a console.
 *
 * @param listen     where to serve HTTP ({@code console.listener}); port 0 picks a free port
 * @param properties the provider's own keys ({@code console.<provider>.*})
 */
public record ConsoleConfig(InetSocketAddress listen, PluginProperties properties) {
    public ConsoleConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(properties, "properties");
    }
}
