package io.chronik.dist.fakes;

import io.chronik.spi.PluginException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

/** A listening socket, so a test double really occupies the address the node gave it. */
public final class BoundSocket implements AutoCloseable {

    private final ServerSocketChannel channel;

    public BoundSocket(InetSocketAddress address) {
        try {
            this.channel = ServerSocketChannel.open().bind(address);
        } catch (IOException e) {
            throw new PluginException("cannot listen on " + address + ": " + e, e);
        }
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
