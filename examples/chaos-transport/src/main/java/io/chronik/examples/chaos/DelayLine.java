package io.chronik.examples.chaos;

import io.chronik.spi.Time;
import io.chronik.spi.replication.FileRegion;
import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.replication.ReplicationTransport;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Holds each outbound message for {@code delay + random(0..jitter)} before handing it to the delegate.
 *
 * <h2>Order</h2>
 * Messages to one peer wait in one FIFO queue, and a message's due time is never earlier than that of
 * the message queued before it to the same peer, so jitter spreads messages out but never reorders a
 * (sender, receiver) pair, as the SPI promises. Each message schedules a release of its peer's queue at
 * its due time; a release hands over every message at the head that is due, in queue order.
 *
 * <h2>Threading</h2>
 * {@link #send} copies the message on the caller's thread (its parts into one buffer, file regions read
 * into memory: delayed messages give up zero-copy; a region that cannot be read makes {@code send}
 * return false) and queues it under this object's monitor. One scheduler thread, from the
 * host's {@code threads("chaos-scheduler")}, releases messages; due times come from the host's clock.
 * At most {@code queue.max.messages} messages wait at once; beyond that {@code send} returns false.
 */
final class DelayLine implements Outbound {

    private static final long RETRY_MS = 5;

    private record Held(long dueNanos, ByteBuffer header, ByteBuffer body) {
    }

    private final ReplicationTransport delegate;
    private final ChaosSettings settings;
    private final Dice dice;
    private final Time time;
    private final ScheduledExecutorService scheduler;
    private final Map<Integer, ArrayDeque<Held>> queues = new HashMap<>();
    private final Map<Integer, Long> lastDue = new HashMap<>();
    private final Set<Integer> retrying = new HashSet<>();
    private int held;

    DelayLine(ReplicationTransport delegate, ChaosSettings settings, Dice dice, Time time, ThreadFactory threads) {
        this.delegate = delegate;
        this.settings = settings;
        this.dice = dice;
        this.time = time;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads);
    }

    @Override
    public boolean send(int toNode, ByteBuffer header, List<MessageBody> parts) {
        ByteBuffer headerCopy = copy(header);
        Optional<ByteBuffer> bodyCopy = copy(parts);
        if (bodyCopy.isEmpty()) {
            return false;
        }
        long now = time.nanoseconds();
        long due;
        synchronized (this) {
            if (held >= settings.queueMaxMessages() || scheduler.isShutdown()) {
                return false;
            }
            due = Math.max(now + settings.delay().toNanos() + dice.jitterNanos(settings.jitter().toNanos()),
                    lastDue.getOrDefault(toNode, Long.MIN_VALUE));
            lastDue.put(toNode, due);
            queues.computeIfAbsent(toNode, id -> new ArrayDeque<>()).add(new Held(due, headerCopy, bodyCopy.get()));
            held++;
            // Under the monitor, like close(), so the scheduler cannot shut down between check and schedule.
            scheduler.schedule(() -> release(toNode), due - now, TimeUnit.NANOSECONDS);
        }
        return true;
    }

    /**
     * Hands the due messages at the head of {@code toNode}'s queue to the delegate, in order; scheduler
     * thread. If the delegate refuses one (its own backpressure), it stays at the head and the release
     * is tried again shortly: a delay adds latency, never loss, and a full queue here makes
     * {@link #send} return false.
     */
    private void release(int toNode) {
        while (true) {
            Held head;
            synchronized (this) {
                ArrayDeque<Held> queue = queues.get(toNode);
                if (queue == null || queue.isEmpty() || queue.peek().dueNanos() - time.nanoseconds() > 0) {
                    return;
                }
                head = queue.peek();
            }
            Optional<MessageBody> body = head.body().hasRemaining()
                    ? Optional.of(new MessageBody.Bytes(head.body().duplicate())) : Optional.empty();
            if (!delegate.send(toNode, head.header().duplicate(), body)) {
                retryLater(toNode);
                return;
            }
            synchronized (this) {
                ArrayDeque<Held> queue = queues.get(toNode);
                if (queue == null || queue.peek() != head) {
                    return; // closed meanwhile: everything held was dropped
                }
                queue.poll();
                held--;
            }
        }
    }

    private synchronized void retryLater(int toNode) {
        if (retrying.add(toNode) && !scheduler.isShutdown()) {
            scheduler.schedule(() -> {
                synchronized (this) {
                    retrying.remove(toNode);
                }
                release(toNode);
            }, RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private static ByteBuffer copy(ByteBuffer buffer) {
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        copy.put(buffer.duplicate());
        return copy.flip();
    }

    /**
     * The parts' concatenation in one buffer, file regions read with positional reads; empty if a region
     * could not be read (its file was closed or shortened since the send was validated).
     */
    private static Optional<ByteBuffer> copy(List<MessageBody> parts) {
        ByteBuffer body = ByteBuffer.allocate(Math.toIntExact(parts.stream().mapToLong(MessageBody::length).sum()));
        try {
            for (MessageBody part : parts) {
                if (part instanceof MessageBody.Region region) {
                    read(region.region(), body);
                } else {
                    body.put(((MessageBody.Bytes) part).buffer().duplicate());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(body.flip());
    }

    private static void read(FileRegion region, ByteBuffer into) throws IOException {
        ByteBuffer target = into.slice(into.position(), (int) region.length());
        while (target.hasRemaining()) {
            if (region.channel().read(target, region.position() + target.position()) < 0) {
                throw new EOFException("file region " + region + " ends past the end of its file");
            }
        }
        into.position(into.position() + (int) region.length());
    }

    /** Drops every held message and stops the scheduler thread. */
    @Override
    public synchronized void close() {
        scheduler.shutdownNow();
        queues.clear();
        held = 0;
    }
}
