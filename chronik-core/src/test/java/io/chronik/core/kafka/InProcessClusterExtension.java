package io.chronik.core.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test its {@link InProcessCluster}s, each in a directory of its own, and after the test
 * (after its own {@code @AfterEach} methods) closes them and deletes their directories, whatever
 * happened in it.
 */
final class InProcessClusterExtension implements AfterEachCallback {

    private final List<InProcessCluster> clusters = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();

    /** A cluster of {@code nodes} nodes, none started yet, every node with {@code overrides} ({@code key=value}). */
    InProcessCluster create(int nodes, String... overrides) {
        try {
            Path directory = Files.createTempDirectory("chronik-cluster");
            directories.add(directory);
            InProcessCluster cluster = new InProcessCluster(directory, nodes, overrides);
            clusters.add(cluster);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        clusters.forEach(InProcessCluster::close);
        clusters.clear();
        for (Path directory : directories) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        directories.clear();
    }
}
