package io.chronik.spi.forwarding;

import io.chronik.spi.PluginContext;

/** Host services for a forwarder: the common ones and the handler that answers forwarded requests. */
public interface LeaderForwarderContext extends PluginContext {

    /** Answers requests other nodes forward here. */
    ForwardedRequestHandler handler();
}
