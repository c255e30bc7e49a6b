package io.chronik.examples.wal.simplefile;

import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalContext;
import io.chronik.testkit.wal.WalCompatibilityKit;

/** The {@code simple-file} WAL against the full WAL compatibility kit, file-based tests included. */
class SimpleFileWalCompatibilityTest extends WalCompatibilityKit {

    @Override
    protected Wal createWal(WalConfig config, WalContext context) {
        return new SimpleFileWalProvider().create(config, context);
    }

    @Override
    protected boolean storesDataInFiles() {
        return true;
    }
}
