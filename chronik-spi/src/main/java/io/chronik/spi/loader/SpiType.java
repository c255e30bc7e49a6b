package io.chronik.spi.loader;

import io.chronik.spi.PluginProvider;
import io.chronik.spi.console.ConsoleProvider;
import io.chronik.spi.forwarding.LeaderForwarderProvider;
import io.chronik.spi.replication.ReplicationTransportProvider;
import io.chronik.spi.wal.WalProvider;
import java.util.List;

/**
 * One of the node's SPIs: its provider interface, current major version and configuration key.
 *
 * @param <P> the provider interface
 */
public final class SpiType<P extends PluginProvider<?, ?, ?>> {

    public static final SpiType<WalProvider> WAL =
            new SpiType<>("wal", WalProvider.class, WalProvider.SPI_VERSION);
    public static final SpiType<ReplicationTransportProvider> REPLICATION =
            new SpiType<>("replication", ReplicationTransportProvider.class, ReplicationTransportProvider.SPI_VERSION);
    public static final SpiType<LeaderForwarderProvider> FORWARDING =
            new SpiType<>("forwarding", LeaderForwarderProvider.class, LeaderForwarderProvider.SPI_VERSION);
    public static final SpiType<ConsoleProvider> CONSOLE =
            new SpiType<>("console", ConsoleProvider.class, ConsoleProvider.SPI_VERSION);

    /** Every SPI, in the order the node starts them. */
    public static final List<SpiType<?>> ALL = List.of(WAL, REPLICATION, FORWARDING, CONSOLE);

    private final String id;
    private final Class<P> providerType;
    private final int version;

    private SpiType(String id, Class<P> providerType, int version) {
        this.id = id;
        this.providerType = providerType;
        this.version = version;
    }

    /** The SPI's short id, also the prefix of its keys: {@code wal}, {@code replication}, ... */
    public String id() {
        return id;
    }

    public Class<P> providerType() {
        return providerType;
    }

    /** The SPI's current major version; providers must report exactly this. */
    public int version() {
        return version;
    }

    /** The key that selects the provider: {@code <id>.provider}. */
    public String providerKey() {
        return id + ".provider";
    }

    @Override
    public String toString() {
        return id;
    }
}
