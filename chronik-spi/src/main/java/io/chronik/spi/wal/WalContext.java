package io.chronik.spi.wal;

import io.chronik.spi.PluginContext;

/**
 * Host services for a WAL. Besides the common ones it offers the file-channel seam through which the
 * WAL opens every file, so tests can count and fail writes and {@code force} calls without mocks.
 */
public interface WalContext extends PluginContext {

    /** Opens the WAL's files; production passes {@link FileChannels#DEFAULT}. */
    FileChannels files();
}
