package io.chronik.core.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The controller's memory of broker heartbeats (never written to the log): when each broker was last
 * heard from, and which ones have been silent for longer than the session timeout. A new controller
 * starts every broker's clock afresh, so a leader change never fences a broker that was heartbeating
 * to the old one. Thread-safe.
 */
final class BrokerLiveness {

    private final long sessionTimeoutMs;
    private final Map<Integer, Long> lastHeardMs = new ConcurrentHashMap<>();

    BrokerLiveness(long sessionTimeoutMs) {
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    void heard(int nodeId, long nowMs) {
        lastHeardMs.put(nodeId, nowMs);
    }

    /** Forgets every heartbeat and gives each of {@code brokers} a full session from {@code nowMs}. */
    void restart(List<Integer> brokers, long nowMs) {
        lastHeardMs.clear();
        brokers.forEach(b -> lastHeardMs.put(b, nowMs));
    }

    /** The ones of {@code brokers} not heard from within the session timeout before {@code nowMs}. */
    List<Integer> expired(List<Integer> brokers, long nowMs) {
        return brokers.stream().filter(b -> nowMs - lastHeardMs.getOrDefault(b, nowMs) > sessionTimeoutMs).toList();
    }
}
