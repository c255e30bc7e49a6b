package io.chronik.core.config;

import io.chronik.spi.NodeEndpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One member of {@code cluster.voters}: a node id and where its replication transport and leader
 * forwarder listen. Written {@code id@host:port}, where {@code port} is the replication port and the
 * forwarding port is {@code port + 1} (the defaults 9093 and 9094 follow this rule), or
 * {@code id@host:port/forwardingPort} when a node's forwarding port is elsewhere.
 *
 * @param nodeId      the voter's {@code node.id}
 * @param replication where its replication transport listens
 * @param forwarding  where its leader forwarder listens
 */
public record Voter(int nodeId, Listener replication, Listener forwarding) {

    public Voter {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node id must be >= 0, got " + nodeId);
        }
    }

    /**
     * Parses the {@code cluster.voters} form {@code id@host:port[/forwardingPort],...}: at least one
     * voter, no node id twice, every port set (a peer cannot be reached at port 0).
     */
    public static List<Voter> parseList(String text) {
        List<Voter> voters = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (String part : text.split(",", -1)) {
            String entry = part.trim();
            int at = entry.indexOf('@');
            if (at <= 0) {
                throw new IllegalArgumentException("expected id@host:port, got '" + entry + "'");
            }
            int id;
            try {
                id = Integer.parseInt(entry.substring(0, at));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("node id is not a number in '" + entry + "'");
            }
            String address = entry.substring(at + 1);
            int slash = address.indexOf('/');
            Listener replication = Listener.parse(slash < 0 ? address : address.substring(0, slash));
            if (replication.port() == 0 || replication.port() == 65535 && slash < 0) {
                throw new IllegalArgumentException("voter " + id + " needs a replication port 1-65534 (its"
                        + " forwarding port is the next one), got " + replication.port());
            }
            int forwardingPort = slash < 0
                    ? replication.port() + 1
                    : forwardingPort(entry, address.substring(slash + 1));
            if (!seen.add(id)) {
                throw new IllegalArgumentException("node id " + id + " is listed twice");
            }
            voters.add(new Voter(id, replication, new Listener(replication.host(), forwardingPort)));
        }
        return List.copyOf(voters);
    }

    private static int forwardingPort(String entry, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole entry
        }
        throw new IllegalArgumentException("forwarding port must be 1-65535 in '" + entry + "'");
    }

    /** The configuration form of a voter list. */
    public static String format(List<Voter> voters) {
        return String.join(",", voters.stream().map(Voter::toString).toList());
    }

    /** Where this voter's replication transport listens, as an SPI endpoint. */
    public NodeEndpoint replicationEndpoint() {
        return new NodeEndpoint(nodeId, replication.host(), replication.port());
    }

    /** Where this voter's leader forwarder listens, as an SPI endpoint. */
    public NodeEndpoint forwardingEndpoint() {
        return new NodeEndpoint(nodeId, forwarding.host(), forwarding.port());
    }

    /** The configuration form; the forwarding port is written only when it breaks the port + 1 rule. */
    @Override
    public String toString() {
        String base = nodeId + "@" + replication;
        return forwarding.port() == replication.port() + 1 ? base : base + "/" + forwarding.port();
    }
}
