package io.chronik.core.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a {@link ConfigKey.Derived} default may look at while the loader resolves keys in table order:
 * the values of keys resolved before it, and the installation directory.
 */
public interface ConfigResolution {

    /**
     * The value of a key earlier in {@link ConfigKeys#ALL}.
     *
     * @throws IllegalStateException if {@code key} is not resolved yet (a mistake in the table's order)
     */
    <T> T get(ConfigKey<T> key);

    /** The installation directory ({@code CHRONIK_HOME}), when the node runs from a distribution. */
    Optional<Path> home();
}
