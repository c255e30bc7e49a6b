package io.chronik.spi.loader;

import java.util.Objects;

/**
 * A plugin directory (or a stray file in the plugins directory) the loader skipped.
 *
 * @param source  the plugin directory or file
 * @param message what is wrong, in words an admin can act on
 */
public record PluginProblem(String source, String message) {
    public PluginProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }
}
