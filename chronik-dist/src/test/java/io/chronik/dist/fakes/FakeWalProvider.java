package io.chronik.dist.fakes;

import io.chronik.spi.PluginException;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalContext;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;

/**
 * Test double packed into a jar on the distribution's module path by {@code PluginsIT}: proves that the
 * node discovers and starts a provider from there. It creates its directory and stores nothing.
 */
public final class FakeWalProvider implements WalProvider {

    public FakeWalProvider() {
        // found by ServiceLoader
    }

    @Override
    public String name() {
        return "it-wal";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Wal create(WalConfig config, WalContext context) {
        try {
            Files.createDirectories(config.directory());
        } catch (IOException e) {
            throw new PluginException("cannot create " + config.directory() + ": " + e, e);
        }
        return new Wal() {
            @Override
            public WalLog open(String name) {
                throw new PluginException("the it-wal test double stores no logs");
            }

            @Override
            public Set<String> logNames() {
                return Set.of();
            }

            @Override
            public void delete(String name) {
                // nothing is stored, so nothing to delete
            }

            @Override
            public boolean failed() {
                return false;
            }

            @Override
            public void close() {
                // holds no files or threads
            }
        };
    }
}
