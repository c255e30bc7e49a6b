package io.chronik.core.node;

import io.chronik.spi.PluginException;
import io.chronik.spi.console.Console;
import io.chronik.spi.console.ConsoleConfig;
import io.chronik.spi.console.ConsoleContext;
import io.chronik.spi.console.ConsoleProvider;
import io.chronik.spi.forwarding.LeaderForwarder;
import io.chronik.spi.forwarding.LeaderForwarderConfig;
import io.chronik.spi.forwarding.LeaderForwarderContext;
import io.chronik.spi.forwarding.LeaderForwarderProvider;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.spi.replication.ReplicationTransportContext;
import io.chronik.spi.replication.ReplicationTransportProvider;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalConfig;
import io.chronik.spi.wal.WalContext;
import io.chronik.spi.wal.WalProvider;
import io.chronik.testkit.wal.MemoryWal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Providers registered on the test class path (META-INF/services), so node tests run without the real
 * plugins: a memory WAL, a transport and a forwarder that really bind their listen address, and a
 * console that publishes a registry. Each records what the host gave it and the order of create and
 * close in {@link #EVENTS}; {@link #failForwarder} makes the forwarder's create fail.
 */
public final class TestProviders {

    /** "create wal", "close wal", ... in the order they happened. */
    public static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    public static volatile boolean failForwarder;
    public static volatile WalConfig lastWalConfig;
    public static volatile ReplicationTransportConfig lastReplicationConfig;
    public static volatile LeaderForwarderConfig lastForwarderConfig;
    public static volatile LeaderForwarderContext lastForwarderContext;
    public static volatile ConsoleContext lastConsoleContext;

    private TestProviders() {
    }

    static void reset() {
        EVENTS.clear();
        failForwarder = false;
    }

    /** A real listening socket standing in for a plugin's server side; records its create and close. */
    private record BoundListener(String name, ServerSocketChannel channel) implements AutoCloseable {

        static BoundListener listen(String name, InetSocketAddress address) {
            try {
                BoundListener listener = new BoundListener(name, ServerSocketChannel.open().bind(address));
                EVENTS.add("create " + name);
                return listener;
            } catch (IOException e) {
                throw new PluginException("cannot listen on " + address + ": " + e, e);
            }
        }

        InetSocketAddress localAddress() {
            try {
                return (InetSocketAddress) channel.getLocalAddress();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            EVENTS.add("close " + name);
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static final class MemoryWalProvider implements WalProvider {
        public MemoryWalProvider() {
            // found by ServiceLoader
        }

        @Override
        public String name() {
            return "test-memory";
        }

        @Override
        public int spiVersion() {
            return SPI_VERSION;
        }

        @Override
        public Wal create(WalConfig config, WalContext context) {
            lastWalConfig = config;
            EVENTS.add("create wal");
            MemoryWal wal = new MemoryWal(new MemoryWal.Storage(), config.maxRecordBytes());
            return new Wal() {
                @Override
                public io.chronik.spi.wal.WalLog open(String name) {
                    return wal.open(name);
                }

                @Override
                public java.util.Set<String> logNames() {
                    return wal.logNames();
                }

                @Override
                public void delete(String name) {
                    wal.delete(name);
                }

                @Override
                public boolean failed() {
                    return wal.failed();
                }

                @Override
                public void close() {
                    EVENTS.add("close wal");
                    wal.close();
                }
            };
        }
    }

    public static final class SocketTransportProvider implements ReplicationTransportProvider {
        public SocketTransportProvider() {
            // found by ServiceLoader
        }

        @Override
        public String name() {
            return "test-socket";
        }

        @Override
        public int spiVersion() {
            return SPI_VERSION;
        }

        @Override
        public ReplicationTransport create(ReplicationTransportConfig config, ReplicationTransportContext context) {
            lastReplicationConfig = config;
            BoundListener listener = BoundListener.listen("replication", config.listen());
            return new ReplicationTransport() {
                @Override
                public boolean send(int toNode, ByteBuffer header, Optional<MessageBody> body) {
                    return false;
                }

                @Override
                public InetSocketAddress localAddress() {
                    return listener.localAddress();
                }

                @Override
                public boolean connected(int nodeId) {
                    return false;
                }

                @Override
                public void close() {
                    listener.close();
                }
            };
        }
    }

    public static final class SocketForwarderProvider implements LeaderForwarderProvider {
        public SocketForwarderProvider() {
            // found by ServiceLoader
        }

        @Override
        public String name() {
            return "test-socket";
        }

        @Override
        public int spiVersion() {
            return SPI_VERSION;
        }

        @Override
        public LeaderForwarder create(LeaderForwarderConfig config, LeaderForwarderContext context) {
            if (failForwarder) {
                throw new PluginException("test forwarder refuses to start");
            }
            lastForwarderConfig = config;
            lastForwarderContext = context;
            BoundListener listener = BoundListener.listen("forwarding", config.listen());
            return new LeaderForwarder() {
                @Override
                public CompletableFuture<ByteBuffer> forward(int nodeId, ByteBuffer request, Duration timeout) {
                    return context.handler().handle(config.nodeId(), request);
                }

                @Override
                public InetSocketAddress localAddress() {
                    return listener.localAddress();
                }

                @Override
                public void close() {
                    listener.close();
                }
            };
        }
    }

    public static final class RecordingConsoleProvider implements ConsoleProvider {
        public RecordingConsoleProvider() {
            // found by ServiceLoader
        }

        @Override
        public String name() {
            return "test-console";
        }

        @Override
        public int spiVersion() {
            return SPI_VERSION;
        }

        @Override
        public Console create(ConsoleConfig config, ConsoleContext context) {
            lastConsoleContext = context;
            BoundListener listener = BoundListener.listen("console", config.listen());
            return new Console() {
                @Override
                public InetSocketAddress localAddress() {
                    return listener.localAddress();
                }

                @Override
                public void close() {
                    listener.close();
                }
            };
        }
    }
}
