package io.chronik.testkit.replication;

import io.chronik.spi.replication.InboundHandler;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An inbound handler that keeps copies of everything it is given, for tests to assert on. */
public final class RecordingInbound implements InboundHandler {

    /** A delivered message, copied out of the transport's buffers. */
    public record Received(int from, byte[] header, byte[] body) {
    }

    /** A connection event. */
    public record Event(int nodeId, boolean connected) {
    }

    private final List<Received> messages = new CopyOnWriteArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    /** A handler that has recorded nothing yet. */
    public RecordingInbound() {
    }

    @Override
    public void onMessage(int fromNode, ByteBuffer header, ByteBuffer body) {
        if (!header.isReadOnly() || !body.isReadOnly()) {
            violations.add("buffers handed to the handler must be read-only");
        }
        messages.add(new Received(fromNode, copy(header), copy(body)));
    }

    @Override
    public void onPeerConnected(int nodeId) {
        events.add(new Event(nodeId, true));
    }

    @Override
    public void onPeerDisconnected(int nodeId) {
        events.add(new Event(nodeId, false));
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    public List<Received> messages() {
        return List.copyOf(messages);
    }

    public List<Received> messagesFrom(int nodeId) {
        return messages.stream().filter(m -> m.from() == nodeId).toList();
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public long count(Event event) {
        return events.stream().filter(event::equals).count();
    }

    /** Contract breaches seen while recording, e.g. writable buffers; empty when all is well. */
    public List<String> violations() {
        return List.copyOf(violations);
    }
}
