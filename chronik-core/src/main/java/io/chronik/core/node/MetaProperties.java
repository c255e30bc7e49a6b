package io.chronik.core.node;

import io.chronik.api.ChronikException;
import io.chronik.core.raft.AtomicFile;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The identity stored with a node's data in {@code <data.dir>/meta.properties}, so data can never be
 * opened by another node or joined to another cluster by a configuration mistake.
 *
 * <p>Format (Java properties, UTF-8), version 1:
 * <pre>
 * version=1
 * node.id=1
 * cluster.id=q1Sh-9_jQ4yW0kGfdSFkXg
 * </pre>
 * A write goes to {@code meta.properties.tmp}, is forced, then atomically renamed over the old file,
 * and the directory is forced, so a crash leaves either the old or the new file, never half of one.
 *
 * @param nodeId    the node id the data belongs to
 * @param clusterId the cluster the data belongs to
 */
record MetaProperties(int nodeId, String clusterId) {

    public static final String FILE_NAME = "meta.properties";
    public static final int VERSION = 1;

    /** Reads the file in {@code dataDir}, if there is one. */
    public static Optional<MetaProperties> read(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ChronikException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String version = properties.getProperty("version", "");
        if (!version.equals(String.valueOf(VERSION))) {
            throw new ChronikException(file + " has version '" + version + "', this node reads version " + VERSION);
        }
        String clusterId = properties.getProperty("cluster.id", "");
        String nodeId = properties.getProperty("node.id", "");
        if (clusterId.isEmpty() || nodeId.isEmpty()) {
            throw new ChronikException(file + " is damaged: it lacks node.id or cluster.id");
        }
        try {
            return Optional.of(new MetaProperties(Integer.parseInt(nodeId), clusterId));
        } catch (NumberFormatException e) {
            throw new ChronikException(file + " is damaged: node.id '" + nodeId + "' is not a number", e);
        }
    }

    /** Writes this identity into {@code dataDir}, durably and atomically. */
    public void write(Path dataDir) {
        Properties properties = new Properties();
        properties.setProperty("version", String.valueOf(VERSION));
        properties.setProperty("node.id", String.valueOf(nodeId));
        properties.setProperty("cluster.id", clusterId);
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "Chronik node identity; do not edit");
            AtomicFile.replace(dataDir.resolve(FILE_NAME), StandardCharsets.UTF_8.encode(text.toString()));
        } catch (IOException e) {
            throw new ChronikException("cannot write " + dataDir.resolve(FILE_NAME) + ": " + e, e);
        }
    }
}
