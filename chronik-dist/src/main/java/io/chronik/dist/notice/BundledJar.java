package io.chronik.dist.notice;

import java.util.List;
import java.util.Objects;

/**
 * A jar the distribution ships in {@code lib/} or {@code lib/console/}.
 *
 * @param fileName    its file name there, e.g. {@code slf4j-api-2.0.20.jar}
 * @param coordinates the Maven artifact it is
 * @param licenses    the licenses its POM (or the nearest parent POM that declares any) names
 */
record BundledJar(String fileName, Pom.Coordinates coordinates, List<License> licenses) {

    BundledJar {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(coordinates, "coordinates");
        licenses = List.copyOf(licenses);
    }
}
