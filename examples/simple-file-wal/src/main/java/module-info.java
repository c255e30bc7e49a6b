/**
 * An example third-party WAL, {@code simple-file}: one file per log, one {@code force} per append. It
 * shows how a WAL plugin is written; the built-in {@code disruptor} WAL is the one to run.
 */
module io.chronik.examples.wal.simplefile {
    requires io.chronik.spi;

    provides io.chronik.spi.wal.WalProvider with io.chronik.examples.wal.simplefile.SimpleFileWalProvider;
}
