package io.chronik.examples.chaos;

import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.replication.ReplicationTransport;
import io.chronik.spi.replication.ReplicationTransportConfig;
import io.chronik.spi.replication.ReplicationTransportContext;
import io.chronik.spi.replication.TransportException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A transport that wraps another and makes its outbound traffic worse: it drops a configured share of
 * messages and holds the rest for a configured delay (see {@link DelayLine}). Inbound traffic, the
 * listener, handshakes and cluster-id checks are the delegate's, untouched.
 *
 * <h2>What still holds</h2>
 * The SPI's promise, at most once and in order per (sender, receiver) pair: a lost message is dropped
 * whole and {@code send} still returns true, as if the network lost it; delays never reorder a pair.
 * Invalid messages (too large, a single region body past the end of its file) fail at {@code send}
 * whether or not they would have been lost; among several parts, an unreadable region makes
 * {@code send} return false, as the SPI says. Bodies of several parts are passed on as parts, so
 * without delay the delegate still sends file regions without copying them. With loss and delay 0 the
 * delegate's behaviour is unchanged.
 *
 * <h2>Meters</h2>
 * {@code chronik.chaos.messages} with tag {@code outcome}: {@code sent} (accepted, handed on now or
 * after its delay) and {@code lost} (dropped by design).
 */
final class ChaosTransport implements ReplicationTransport {

    private final ReplicationTransport delegate;
    private final ChaosSettings settings;
    private final Set<Integer> peers;
    private final int maxMessageBytes;
    private final Dice dice;
    private final Outbound outbound;
    private final Counter sent;
    private final Counter lost;
    private volatile boolean closed;

    ChaosTransport(ReplicationTransport delegate, ChaosSettings settings, ReplicationTransportConfig config,
                   ReplicationTransportContext context) {
        this.delegate = delegate;
        this.settings = settings;
        this.peers = config.peers().keySet();
        this.maxMessageBytes = config.maxMessageBytes();
        this.dice = new Dice(settings.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong()));
        MeterRegistry meters = context.meters();
        this.sent = counter(meters, "sent");
        this.lost = counter(meters, "lost");
        this.outbound = settings.delays()
                ? new DelayLine(delegate, settings, dice, context.time(), context.threads("chaos-scheduler"))
                : new Outbound.Direct(delegate);
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("chronik.chaos.messages").description("outbound messages by what chaos did with them")
                .tag("plugin", ChaosTransportProvider.NAME).tag("outcome", outcome).register(meters);
    }

    @Override
    public boolean send(int toNode, ByteBuffer header, Optional<MessageBody> body) {
        if (!sendable(toNode)) {
            return false;
        }
        List<MessageBody> parts = body.map(List::of).orElse(List.of());
        Optional<String> problem = regionProblem(parts);
        if (problem.isPresent()) {
            throw new TransportException(problem.get());
        }
        return pass(toNode, header, parts);
    }

    /**
     * Passes the parts on as they are (to the delegate's own multi-part send when there is no delay). A
     * region that cannot be read now is not misuse here but a race with the region's owner: the message
     * is refused ({@code false}), as the SPI says.
     */
    @Override
    public boolean send(int toNode, ByteBuffer header, List<MessageBody> parts) {
        if (!sendable(toNode) || regionProblem(parts).isPresent()) {
            return false;
        }
        return pass(toNode, header, parts);
    }

    private boolean sendable(int toNode) {
        return !closed && peers.contains(toNode);
    }

    /** Loses the message or hands it on; it is known to be sendable and its regions readable. */
    private boolean pass(int toNode, ByteBuffer header, List<MessageBody> parts) {
        long size = header.remaining() + parts.stream().mapToLong(MessageBody::length).sum();
        if (size > maxMessageBytes) {
            throw new TransportException("message of " + size + " bytes exceeds maxMessageBytes " + maxMessageBytes);
        }
        if (dice.lose(settings.lossPercent())) {
            lost.increment();
            return true;
        }
        boolean accepted = outbound.send(toNode, header, parts);
        if (accepted) {
            sent.increment();
        }
        return accepted;
    }

    /** Why a region among {@code parts} cannot be sent, if one cannot: unreadable, or past its file's end. */
    private static Optional<String> regionProblem(List<MessageBody> parts) {
        for (MessageBody part : parts) {
            if (part instanceof MessageBody.Region region) {
                FileRegion file = region.region();
                try {
                    if (file.position() + file.length() > file.channel().size()) {
                        return Optional.of("file region " + file + " ends past the end of its file ("
                                + file.channel().size() + " bytes)");
                    }
                } catch (IOException e) {
                    return Optional.of("cannot check file region " + file + ": " + e);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public InetSocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public boolean connected(int nodeId) {
        return delegate.connected(nodeId);
    }

    @Override
    public void close() {
        closed = true;
        outbound.close();
        delegate.close();
    }
}
