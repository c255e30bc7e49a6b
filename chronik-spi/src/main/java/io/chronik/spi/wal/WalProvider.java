package io.chronik.spi.wal;

import io.chronik.spi.PluginProvider;

/**
 * Makes the node's write-ahead log: the one store of every durable byte (partition logs, the metadata
 * log, {@code __consumer_offsets}). Selected by {@code wal.provider}; the default is {@code disruptor}.
 */
public interface WalProvider extends PluginProvider<WalConfig, WalContext, Wal> {

    /** The WAL SPI's major version; a provider reporting another one is refused. */
    int SPI_VERSION = 1;
}
