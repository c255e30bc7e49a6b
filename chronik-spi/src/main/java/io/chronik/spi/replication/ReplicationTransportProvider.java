package io.chronik.spi.replication;

import io.chronik.spi.PluginProvider;

/**
 * Makes the transport that carries log shipping between nodes. Selected by {@code replication.provider};
 * the default is {@code tcp}. A transport only moves bytes: elections, epochs and commits stay in the
 * node, so a third-party transport can lose or delay messages but cannot break correctness.
 */
public interface ReplicationTransportProvider
        extends PluginProvider<ReplicationTransportConfig, ReplicationTransportContext, ReplicationTransport> {

    /** The replication transport SPI's major version. */
    int SPI_VERSION = 1;
}
