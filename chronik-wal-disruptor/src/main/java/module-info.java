/**
 * Chronik's default write-ahead log: appends from any thread go through one LMAX Disruptor ring to one
 * writer thread, which writes segment files and forces them once per batch (group commit). Everything
 * is internal; the only entry point is the {@link io.chronik.spi.wal.WalProvider} named {@code disruptor}.
 */
module io.chronik.wal.disruptor {
    requires io.chronik.spi;
    requires com.lmax.disruptor;
    requires org.slf4j;

    provides io.chronik.spi.wal.WalProvider with io.chronik.wal.disruptor.DisruptorWalProvider;
}
