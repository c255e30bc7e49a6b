package io.chronik.bench.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The scratch directory a benchmark writes its files in: a new directory under the system property
 * {@code chronik.bench.dir} (default {@code java.io.tmpdir}). Point that property at the disk you want
 * to measure: a tmpfs makes every fsync free and every figure meaningless.
 */
final class BenchDirectory {

    /** The property naming the parent directory. */
    static final String PROPERTY = "chronik.bench.dir";

    private BenchDirectory() {
    }

    /** Creates a new, empty directory whose name starts with {@code prefix}. */
    static Path create(String prefix) {
        Path parent = Path.of(System.getProperty(PROPERTY, System.getProperty("java.io.tmpdir")));
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a benchmark directory under " + parent
                    + " (set -D" + PROPERTY + "=<dir>)", e);
        }
    }

    /** Deletes {@code directory} and everything in it. */
    static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
