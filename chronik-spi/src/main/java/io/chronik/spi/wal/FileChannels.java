package io.chronik.spi.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * The seam through which a WAL opens its files. Production uses {@link #DEFAULT}; tests wrap the
 * returned channels to count or fail {@code write} and {@code force} (fault injection through a seam,
 * not a mock).
 */
@FunctionalInterface
public interface FileChannels {

    FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;

    /** Plain {@link FileChannel#open(Path, Set, java.nio.file.attribute.FileAttribute[])}. */
    FileChannels DEFAULT = FileChannel::open;
}
