package io.chronik.core.network;

import java.net.SocketAddress;

/**
 * Names one client connection in logs and to the dispatcher.
 *
 * @param sequence a number unique among the connections of one server
 * @param remote   the peer's address
 */
public record ConnectionId(long sequence, SocketAddress remote) {

    @Override
    public String toString() {
        return "connection " + sequence + " from " + remote;
    }
}
