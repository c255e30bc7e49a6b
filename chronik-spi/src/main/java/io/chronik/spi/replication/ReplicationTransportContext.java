package io.chronik.spi.replication;

import io.chronik.spi.PluginContext;

/** Host services for a transport: the common ones and the handler that receives messages. */
public interface ReplicationTransportContext extends PluginContext {

    /** Where inbound messages and connection events go. */
    InboundHandler inbound();
}
