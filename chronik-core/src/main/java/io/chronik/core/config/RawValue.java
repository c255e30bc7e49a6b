package io.chronik.core.config;

import java.util.Objects;

/**
 * A value as a source wrote it, before parsing, and where it came from, so an error can point the
 * admin at the right line, variable or option.
 *
 * @param text   the value as written
 * @param origin e.g. {@code conf/chronik.properties}, {@code environment variable CHRONIK_NODE_ID}, {@code --set}
 */
public record RawValue(String text, String origin) {
    public RawValue {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
    }
}
