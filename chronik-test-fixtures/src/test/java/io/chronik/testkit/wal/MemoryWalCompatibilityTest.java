package io.chronik.testkit.wal;

import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalContext;

/**
 * Runs the WAL compatibility kit against the in-memory reference WAL. Every instance of one test shares
 * one {@link MemoryWal.Storage}, which is what lets the kit's reopen find the records again. The
 * file-level tests are skipped: this WAL keeps nothing in files.
 */
class MemoryWalCompatibilityTest extends WalCompatibilityKit {

    private final MemoryWal.Storage storage = new MemoryWal.Storage();

    @Override
    protected Wal createWal(WalConfig config, WalContext context) {
        return new MemoryWal(storage, config.maxRecordBytes());
    }

    @Override
    protected boolean storesDataInFiles() {
        return false;
    }
}
