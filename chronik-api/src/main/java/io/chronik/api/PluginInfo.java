package io.chronik.api;

import java.util.Objects;

/**
 * One plugin provider the node discovered.
 *
 * @param spi      the SPI it implements: {@code wal}, {@code replication}, {@code forwarding} or {@code console}
 * @param name     the provider's name, as selected by configuration ({@code wal.provider=disruptor})
 * @param version  the plugin's version (a built-in plugin reports the node's version)
 * @param source   where it came from: {@code built-in} or the plugin directory it was loaded from
 * @param active   whether configuration selected it
 */
public record PluginInfo(String spi, String name, String version, String source, boolean active) {
    public PluginInfo {
        Objects.requireNonNull(spi, "spi");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(source, "source");
    }
}
