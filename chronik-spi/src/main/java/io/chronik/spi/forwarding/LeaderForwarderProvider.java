package io.chronik.spi.forwarding;

import io.chronik.spi.PluginProvider;

/**
 * Makes the RPC through which a node that is not the metadata leader hands metadata writes (and
 * linearizable reads) to the leader. Selected by {@code forwarding.provider}; the default is {@code tcp}.
 * The forwarder only carries opaque requests and responses; which node is leader, retries on a
 * leader change and the meaning of the bytes stay in the node.
 */
public interface LeaderForwarderProvider
        extends PluginProvider<LeaderForwarderConfig, LeaderForwarderContext, LeaderForwarder> {

    /** The forwarding SPI's major version. */
    int SPI_VERSION = 1;
}
