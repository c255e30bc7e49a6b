package io.chronik.wal.disruptor;

import io.chronik.spi.wal.FileChannels;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Directory operations whose effects must survive a crash: a created or deleted file is only durable
 * once its directory has been forced (POSIX {@code fsync} on the directory), so every creation and
 * deletion of a segment or log directory is followed by {@link #force}.
 */
final class Directories {

    private Directories() {
    }

    /** Forces a directory's entries to the device. */
    static void force(FileChannels files, Path directory) throws IOException {
        try (FileChannel channel = files.open(directory, Set.of(StandardOpenOption.READ))) {
            channel.force(true);
        }
    }

    /** Creates {@code directory} (and missing parents) if needed, forcing its parent when it was created. */
    static void create(FileChannels files, Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory);
        force(files, directory.getParent());
    }

    /** Removes a log directory whose files are closed: every file, then the directory; the caller forces the parent. */
    static void deleteLogDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> children = Files.list(directory)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                Files.delete(child);
            }
        }
        Files.delete(directory);
    }
}
