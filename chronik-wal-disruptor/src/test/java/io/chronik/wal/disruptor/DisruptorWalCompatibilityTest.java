package io.chronik.wal.disruptor;

import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalContext;
import io.chronik.testkit.wal.WalCompatibilityKit;

/** Proves the {@code disruptor} WAL keeps the WAL SPI contract, through the shared compatibility kit. */
class DisruptorWalCompatibilityTest extends WalCompatibilityKit {

    @Override
    protected Wal createWal(WalConfig config, WalContext context) {
        return new DisruptorWalProvider().create(config, context);
    }

    @Override
    protected boolean storesDataInFiles() {
        return true;
    }
}
