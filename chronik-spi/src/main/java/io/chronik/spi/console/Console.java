package io.chronik.spi.console;

import java.net.InetSocketAddress;

/** A running console. Thread-safe; closing stops its HTTP server. */
public interface Console extends AutoCloseable {

    /** Where the console listens (the real port when configured with port 0). */
    InetSocketAddress localAddress();

    @Override
    void close();
}
