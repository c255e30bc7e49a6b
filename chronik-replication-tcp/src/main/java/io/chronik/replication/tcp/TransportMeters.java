package io.chronik.replication.tcp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transport's meters, all tagged {@code plugin=tcp}; removed from the registry on close so a
 * transport restarted in the same process starts from fresh ones.
 */
final class TransportMeters {

    private final MeterRegistry registry;
    final Counter bytesSent;
    final Counter bytesReceived;
    final Counter framesSent;
    final Counter framesReceived;
    final Counter reconnects;
    final Counter queueFull;
    final Counter refused;
    final Counter droppedInFlight;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Meter> all;

    TransportMeters(MeterRegistry registry) {
        this.registry = registry;
        bytesSent = counter("chronik.replication.bytes.sent", "bytes written to peers, frames and handshakes");
        bytesReceived = counter("chronik.replication.bytes.received", "bytes read from peers");
        framesSent = counter("chronik.replication.frames.sent", "messages written to peers");
        framesReceived = counter("chronik.replication.frames.received", "messages delivered from peers");
        reconnects = counter("chronik.replication.reconnects", "dial attempts after the first, per peer");
        queueFull = counter("chronik.replication.queue.full", "sends refused because a peer's queue was full");
        refused = counter("chronik.replication.connections.refused",
                "connections closed for a bad handshake or a malformed frame");
        droppedInFlight = counter("chronik.replication.dropped.inflight",
                "partly written messages dropped when their connection broke");
        Gauge gauge = Gauge.builder("chronik.replication.connections", connections, AtomicInteger::get)
                .description("handshaken connections, dialed and accepted").tag("plugin", "tcp").register(registry);
        all = List.of(bytesSent, bytesReceived, framesSent, framesReceived, reconnects, queueFull, refused,
                droppedInFlight, gauge);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).tag("plugin", "tcp").register(registry);
    }

    void connectionUp() {
        connections.incrementAndGet();
    }

    void connectionDown() {
        connections.decrementAndGet();
    }

    void remove() {
        all.forEach(registry::remove);
    }
}
