package io.chronik.dist.fakeconsole;

import io.chronik.dist.fakes.BoundSocket;
import io.chronik.spi.console.Console;
import io.chronik.spi.console.ConsoleConfig;
import io.chronik.spi.console.ConsoleContext;
import io.chronik.spi.console.ConsoleProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;

/**
 * Test double packed by {@code PluginsIT} into a plain jar in the distribution's {@code lib/console/}:
 * proves the node finds a console provider on the class path, as it will find the real one, and that
 * class-path code can use the node's meters.
 */
public final class FakeConsoleProvider implements ConsoleProvider {

    public FakeConsoleProvider() {
        // found by ServiceLoader
    }

    @Override
    public String name() {
        return "it-console";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Console create(ConsoleConfig config, ConsoleContext context) {
        context.publishTo(new SimpleMeterRegistry());
        BoundSocket socket = new BoundSocket(config.listen());
        return new Console() {
            @Override
            public InetSocketAddress localAddress() {
                return socket.localAddress();
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }
}
