package io.chronik.wal.disruptor;

import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalContext;
import io.chronik.spi.wal.WalProvider;

/**
 * Provides the {@code disruptor} WAL ({@code wal.provider=disruptor}, the default): segment files per
 * log, one Disruptor ring and one writer thread with group-commit {@code fsync} for all logs. Its own
 * keys live under {@code wal.disruptor.} (see {@link WriterSettings}). Stateless.
 */
public final class DisruptorWalProvider implements WalProvider {

    @Override
    public String name() {
        return "disruptor";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Wal create(WalConfig config, WalContext context) {
        return new DisruptorWal(config, context, WriterSettings.from(config.properties()));
    }
}
