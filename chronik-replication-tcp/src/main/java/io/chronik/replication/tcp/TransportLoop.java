package io.chronik.replication.tcp;

import io.chronik.spi.Time;
import io.chronik.spi.replication.InboundHandler;
import io.chronik.tcp.Handshake;
import io.chronik.tcp.SelectorLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport's single I/O thread: one selector for the listener, every dialed and every accepted
 * connection (driven by the shared {@link SelectorLoop}), plus a timer tick for dialing, connect timeouts
 * and heartbeats.
 *
 * <h2>Connections</h2>
 * Each node dials every peer for its own sends: between nodes A and B there are two connections, A's
 * (A to B, carrying A's messages) and B's. Neither side ever has to decide who dials, a restarted node
 * simply dials again, and ordering per sender needs no coordination beyond "one dialed connection per
 * peer at a time". When a peer's new connection is accepted, its previous accepted one is closed first,
 * so nothing from a stale connection is delivered after anything from the new one.
 *
 * <h2>Liveness</h2>
 * Both sides send a heartbeat on every connection that wrote nothing for {@code heartbeat.interval.ms},
 * and close a connection that read nothing for {@code heartbeat.timeout.ms}, so a dead peer is noticed
 * while idle. A dialed connection lost fires {@link InboundHandler#onPeerDisconnected}; the link redials
 * after a jittered exponential {@link Backoff}.
 *
 * <h2>Threading</h2>
 * Everything here runs on the loop thread, including delivery to the {@link InboundHandler}, so a peer's
 * messages arrive one at a time and in order. Other threads only enqueue into a {@link PeerLink}'s
 * queue and call {@link #wakeup()}. Host names are resolved when dialing, on this thread.
 */
final class TransportLoop implements SelectorLoop.Handler<Connection>, Connection.Events {

    private static final Logger LOG = LoggerFactory.getLogger(TransportLoop.class);

    private final int nodeId;
    private final String clusterId;
    private final Handshake ours;
    private final int maxMessageBytes;
    private final TcpTransportSettings settings;
    private final Map<Integer, PeerLink> links;
    private final InboundHandler inbound;
    private final Time time;
    private final TransportMeters meters;
    private final SelectorLoop selectorLoop;
    private final Set<Connection> connections = new LinkedHashSet<>();
    private final Map<Integer, Connection> acceptedByPeer = new HashMap<>();
    private final long tickMillis;
    private long nextTickNanos;

    TransportLoop(int nodeId, String clusterId, int maxMessageBytes, TcpTransportSettings settings,
                  Map<Integer, PeerLink> links, InboundHandler inbound, Time time, TransportMeters meters,
                  SelectorLoop selectorLoop) {
        this.nodeId = nodeId;
        this.clusterId = clusterId;
        this.ours = new Handshake(nodeId, clusterId);
        this.maxMessageBytes = maxMessageBytes;
        this.settings = settings;
        this.links = links;
        this.inbound = inbound;
        this.time = time;
        this.meters = meters;
        this.selectorLoop = selectorLoop;
        long shortest = Math.min(settings.heartbeatInterval().toMillis() / 2, settings.backoffInitial().toMillis());
        this.tickMillis = Math.max(5, Math.min(100, shortest));
        this.nextTickNanos = time.nanoseconds();
    }

    /** Makes the loop look at the outbound queues now; cheap when a wakeup is already pending. */
    void wakeup() {
        selectorLoop.wakeup();
    }

    /** Whether the loop has ended or been asked to end; sends are refused from then on. */
    boolean stopped() {
        return selectorLoop.stopping();
    }

    /** Closes everything and ends the loop, waiting for it unless called on the loop thread. */
    void close() {
        selectorLoop.close();
    }

    @Override
    public long selectTimeoutMillis() {
        return tickMillis;
    }

    @Override
    public void afterSelect(long now) {
        flushLinks(now);
        if (now - nextTickNanos >= 0) {
            tick(now);
            nextTickNanos = now + TimeUnit.MILLISECONDS.toNanos(tickMillis);
        }
    }

    @Override
    public Connection accepted(SocketChannel channel, long now) {
        Connection connection = new Connection(channel, Optional.empty(), maxMessageBytes, this, meters, now);
        connections.add(connection);
        return connection;
    }

    /** TCP is up on either kind of connection: say who we are. */
    @Override
    public void opened(Connection connection, long now) throws IOException {
        connection.queueHandshake(ours);
        connection.flush(now);
    }

    private void dial(PeerLink link, long now) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (IOException e) {
            linkLost(link, "cannot open a socket: " + e, now);
            return;
        }
        Connection connection = new Connection(channel, Optional.of(link), maxMessageBytes, this, meters, now);
        if (link.dialing(connection)) {
            meters.reconnects.increment();
        }
        connections.add(connection);
        try {
            if (selectorLoop.connect(connection, link.endpoint())) {
                opened(connection, now);
            }
        } catch (IOException | RuntimeException e) {
            close(connection, e.toString(), now);
        }
    }

    @Override
    public void onHandshake(Connection connection, Handshake theirs) {
        Optional<String> refusal = theirs.refusal(clusterId, nodeId, connection.link().map(PeerLink::nodeId),
                links.keySet());
        if (refusal.isPresent()) {
            throw new ProtocolException("handshake refused: " + refusal.get());
        }
        long now = time.nanoseconds();
        connection.handshakeAccepted(theirs.nodeId());
        meters.connectionUp();
        if (connection.link().isPresent()) {
            PeerLink link = connection.link().get();
            link.connected();
            LOG.info("node {}: connected to peer {} at {}", nodeId, link.nodeId(), link.endpoint());
            notifyHandler(() -> inbound.onPeerConnected(link.nodeId()));
        } else {
            Connection previous = acceptedByPeer.put(theirs.nodeId(), connection);
            if (previous != null) {
                close(previous, "replaced by a newer connection from the same node", now);
            }
            LOG.debug("node {}: accepted {}", nodeId, connection);
        }
    }

    @Override
    public void onMessage(Connection connection, ByteBuffer header, ByteBuffer body) {
        if (connection.link().isPresent()) {
            throw new ProtocolException("peer sent a message on a connection this node dialed");
        }
        int from = connection.peer().orElseThrow();
        meters.framesReceived.increment();
        notifyHandler(() -> inbound.onMessage(from, header, body));
    }

    private void notifyHandler(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("node {}: the inbound handler failed; the transport carries on", nodeId, e);
        }
    }

    private void flushLinks(long now) {
        for (PeerLink link : links.values()) {
            Optional<Connection> connection = link.connection();
            if (link.ready() && connection.isPresent() && !connection.get().writeBlocked()
                    && (link.current().isPresent() || !link.queue().isEmpty())) {
                try {
                    connection.get().flush(now);
                } catch (IOException e) {
                    close(connection.get(), e.toString(), now);
                }
            }
        }
    }

    private void tick(long now) {
        for (PeerLink link : links.values()) {
            if (link.dueForDial(now)) {
                dial(link, now);
            }
        }
        long connectTimeout = settings.connectTimeout().toNanos();
        long heartbeatTimeout = settings.heartbeatTimeout().toNanos();
        long heartbeatInterval = settings.heartbeatInterval().toNanos();
        for (Connection connection : List.copyOf(connections)) {
            if (!connection.handshaken()) {
                if (now - connection.openedNanos() > connectTimeout) {
                    close(connection, "no handshake within " + settings.connectTimeout().toMillis() + " ms", now);
                }
            } else if (now - connection.lastReadNanos() > heartbeatTimeout) {
                close(connection, "nothing received for " + settings.heartbeatTimeout().toMillis() + " ms", now);
            } else if (now - connection.lastWriteNanos() >= heartbeatInterval && connection.idleForWrite()) {
                connection.queueHeartbeat();
                try {
                    connection.flush(now);
                } catch (IOException e) {
                    close(connection, e.toString(), now);
                }
            }
        }
    }

    private void close(Connection connection, String reason, long now) {
        close(connection, reason, false, now);
    }

    /**
     * Closes a connection and logs why: a warning if the peer broke the protocol or never completed
     * its handshake, otherwise (an accepted connection ending normally) an info line.
     */
    @Override
    public void close(Connection connection, String reason, boolean protocolError, long now) {
        if (!connection.isOpen()) {
            return;
        }
        if (protocolError) {
            meters.refused.increment();
        }
        connection.close();
        connections.remove(connection);
        if (connection.handshaken()) {
            meters.connectionDown();
        }
        if (connection.link().isPresent()) {
            linkLost(connection.link().get(), reason, now);
        } else {
            connection.peer().ifPresent(peer -> acceptedByPeer.remove(peer, connection));
            if (!connection.handshaken()) {
                LOG.warn("node {}: refused {}: {}", nodeId, connection, reason);
            } else if (protocolError) {
                LOG.warn("node {}: closed {}: {}", nodeId, connection, reason);
            } else {
                LOG.info("node {}: closed {}: {}", nodeId, connection, reason);
            }
        }
    }

    private void linkLost(PeerLink link, String reason, long now) {
        boolean wasReady = link.ready();
        if (link.disconnected(now)) {
            meters.droppedInFlight.increment();
        }
        long retryMs = TimeUnit.NANOSECONDS.toMillis(link.nextDialNanos() - now);
        if (wasReady) {
            LOG.warn("node {}: lost connection to peer {}: {}; redialing in {} ms", nodeId, link.nodeId(), reason,
                    retryMs);
            link.newFailure(reason);
            notifyHandler(() -> inbound.onPeerDisconnected(link.nodeId()));
        } else if (link.newFailure(reason)) {
            LOG.warn("node {}: cannot connect to peer {} at {}: {}; retrying in {} ms", nodeId, link.nodeId(),
                    link.endpoint(), reason, retryMs);
        } else {
            LOG.debug("node {}: still cannot connect to peer {}: {}", nodeId, link.nodeId(), reason);
        }
    }

    @Override
    public void shutdown() {
        for (Connection connection : new ArrayList<>(connections)) {
            connection.close();
        }
        connections.clear();
        links.values().forEach(PeerLink::discard);
    }
}
