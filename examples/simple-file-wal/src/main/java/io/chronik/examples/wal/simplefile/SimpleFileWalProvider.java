package io.chronik.examples.wal.simplefile;

import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalContext;
import io.chronik.spi.wal.WalProvider;
import java.util.Set;

/**
 * The {@code simple-file} WAL ({@code wal.provider=simple-file}). It has no keys of its own: the
 * common {@code wal.flush.policy} and {@code wal.max.record.bytes} apply; {@code wal.segment.bytes} does
 * not, since each log is one file.
 */
public final class SimpleFileWalProvider implements WalProvider {

    /** For {@link java.util.ServiceLoader}. */
    public SimpleFileWalProvider() {
    }

    @Override
    public String name() {
        return "simple-file";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Wal create(WalConfig config, WalContext context) {
        config.properties().requireOnly(Set.of());
        return SimpleFileWal.start(config, context);
    }
}
