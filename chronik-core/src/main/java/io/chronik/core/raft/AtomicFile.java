package io.chronik.core.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file so that a crash leaves either its old or its new content, never a torn one:
 * the bytes go to {@code <file>.tmp}, which is forced, renamed over the file atomically, and the
 * directory is forced so the rename itself is durable.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /** Writes {@code bytes} (position to limit) as the new content of {@code file}. */
    public static void replace(Path file, ByteBuffer bytes) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer remaining = bytes.duplicate();
            while (remaining.hasRemaining()) {
                channel.write(remaining);
            }
            channel.force(true);
        }
        install(temporary, file);
    }

    /**
     * Renames {@code written}, whose content the caller has already forced (a file written in pieces,
     * such as a snapshot), over {@code file} atomically and forces the directory, so the rename itself
     * is durable.
     */
    public static void install(Path written, Path file) throws IOException {
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
