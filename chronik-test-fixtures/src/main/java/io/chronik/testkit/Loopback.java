package io.chronik.testkit;

import io.chronik.spi.NodeEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Free addresses on 127.0.0.1 for the network kits. An address is found by binding port 0 and closing
 * the socket again, so the plugin under test can bind it for real and a restarted node can bind the
 * same port; another process could take the port in between, which on a test machine is rare enough.
 */
public final class Loopback {

    private Loopback() {
    }

    /** A free loopback address. */
    public static InetSocketAddress reserveAddress() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve a loopback port", e);
        }
    }

    /** One free loopback address for each of the node ids {@code 1..nodes}. */
    public static Map<Integer, InetSocketAddress> addresses(int nodes) {
        Map<Integer, InetSocketAddress> addresses = new HashMap<>();
        for (int id = 1; id <= nodes; id++) {
            addresses.put(id, reserveAddress());
        }
        return addresses;
    }

    /** The endpoints of every node in {@code addresses} except {@code nodeId}: that node's peers. */
    public static Map<Integer, NodeEndpoint> peers(int nodeId, Map<Integer, InetSocketAddress> addresses) {
        Map<Integer, NodeEndpoint> peers = new HashMap<>();
        addresses.forEach((id, address) -> {
            if (id != nodeId) {
                peers.put(id, new NodeEndpoint(id, address.getHostString(), address.getPort()));
            }
        });
        return peers;
    }
}
