package io.chronik.dist.notice;

import java.util.Objects;
import java.util.Optional;

/**
 * A license as a Maven POM declares it ({@code <licenses><license><name>/<url>}).
 *
 * @param name its name, e.g. "Apache License, Version 2.0"
 * @param url  where its text is, if the POM says
 */
public record License(String name, Optional<String> url) {

    public License {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }

    /** {@code name} or {@code name <url>}. */
    @Override
    public String toString() {
        return url.map(u -> name + " <" + u + ">").orElse(name);
    }
}
