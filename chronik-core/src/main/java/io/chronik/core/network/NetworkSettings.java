package io.chronik.core.network;

/**
 * How a {@link SocketServer} listens and how much it accepts.
 *
 * @param host                   the address to bind
 * @param port                   the port to bind, 0 for any free port
 * @param ioThreads              selector threads that read and write sockets (at least 1)
 * @param maxRequestBytes        the largest request frame accepted ({@code socket.request.max.bytes});
 *                               a larger one closes its connection
 * @param maxInFlightPerConnection requests of one connection read but not yet answered before the
 *                               server stops reading that connection (back-pressure)
 */
public record NetworkSettings(String host, int port, int ioThreads, int maxRequestBytes,
                              int maxInFlightPerConnection) {

    public NetworkSettings {
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
        }
        if (maxRequestBytes < 16) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 16, was " + maxRequestBytes);
        }
        if (maxInFlightPerConnection < 1) {
            throw new IllegalArgumentException("maxInFlightPerConnection must be at least 1, was "
                    + maxInFlightPerConnection);
        }
    }
}
