package io.chronik.core.raft;

import io.chronik.core.log.SpanCopier;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The simulated transport: at most once and in order per (sender, receiver) pair, like
 * {@code ReplicationTransport}. Each message goes through {@link MessageCodec} (so the codec is
 * exercised on every hop), may be dropped at random or by a partition, and is delayed by a random
 * amount that never lets it overtake an earlier message of the same pair. A message is lost if either
 * end restarted while it was in flight (its connection would have been reset).
 */
final class SimNetwork {

    /** Receives a delivered message: (from, to) → message. */
    interface Receiver {
        void deliver(int from, int to, Message message);
    }

    private final SimScheduler scheduler;
    private final Random random;
    private final Map<Long, Long> lastDeliveryByPair = new HashMap<>();
    private final Set<Long> blocked = new HashSet<>();
    private final Receiver receiver;
    private double dropRate;
    private final int maxDelayMs;
    private long sent;
    private long dropped;
    private long largestMessageBytes;

    SimNetwork(SimScheduler scheduler, Random random, double dropRate, int maxDelayMs, Receiver receiver) {
        this.scheduler = scheduler;
        this.random = random;
        this.dropRate = dropRate;
        this.maxDelayMs = maxDelayMs;
        this.receiver = receiver;
    }

    void send(int from, int to, Message message, IncarnationCheck alive) {
        sent++;
        ByteBuffer bytes = MessageCodec.encode(message);
        ByteBuffer body = SpanCopier.copy(MessageCodec.body(message));
        largestMessageBytes = Math.max(largestMessageBytes, bytes.remaining() + body.remaining());
        if (blocked.contains(pair(from, to)) || random.nextDouble() < dropRate) {
            dropped++;
            scheduler.note("drop " + from + "->" + to + " " + message);
            return;
        }
        long key = pair(from, to);
        long at = Math.max(scheduler.now() + 1 + random.nextInt(maxDelayMs), lastDeliveryByPair.getOrDefault(key, 0L));
        lastDeliveryByPair.put(key, at);
        int fromIncarnation = alive.incarnation(from);
        int toIncarnation = alive.incarnation(to);
        scheduler.at(at, "deliver " + from + "->" + to + " " + message, () -> {
            if (blocked.contains(key) || alive.incarnation(from) != fromIncarnation
                    || alive.incarnation(to) != toIncarnation || !alive.isUp(to)) {
                dropped++;
                return;
            }
            receiver.deliver(from, to, MessageCodec.decode(bytes, body));
        });
    }

    /** Answers whether a node is up and which life it is in. */
    interface IncarnationCheck {
        boolean isUp(int node);

        int incarnation(int node);
    }

    /** Cuts every link between {@code side} and the other nodes, both ways. */
    void partition(Set<Integer> side, Set<Integer> all) {
        for (int a : side) {
            for (int b : all) {
                if (!side.contains(b)) {
                    blocked.add(pair(a, b));
                    blocked.add(pair(b, a));
                }
            }
        }
    }

    /** Cuts the link between {@code a} and {@code b}, both ways (the rest of the network stays). */
    void cut(int a, int b) {
        cutOneWay(a, b);
        cutOneWay(b, a);
    }

    /** Drops every message from {@code from} to {@code to}, including those already in flight. */
    void cutOneWay(int from, int to) {
        blocked.add(pair(from, to));
    }

    /** Restores every link and stops random loss. */
    void heal(boolean stopLoss) {
        blocked.clear();
        if (stopLoss) {
            dropRate = 0;
        }
    }

    long sent() {
        return sent;
    }

    long dropped() {
        return dropped;
    }

    long largestMessageBytes() {
        return largestMessageBytes;
    }

    private static long pair(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }
}
