package io.chronik.core.raft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The committed history every replica must agree on, assembled from what each replica reports as
 * committed, plus the acknowledgements clients received. Shared by the quorum and ISR simulations.
 */
final class CommittedHistory {

    /** Reads a replica's log. */
    @FunctionalInterface
    interface LogReader {
        List<LogEntry> read(long fromOffset, int maxBytes);
    }

    /** What a committed offset holds. */
    private record Committed(int epoch, EntryKind kind, String payload) {
    }

    private final Map<Long, Committed> byOffset = new HashMap<>();
    private final Map<Long, String> unverifiedAcks = new HashMap<>();
    private final Map<Long, String> acked = new TreeMap<>();

    /** Adds the entries {@code who} reports committed in [from, to); they must match earlier reports. */
    void record(String who, LogReader log, long from, long to) {
        for (LogEntry entry : readAll(who, log, from, to)) {
            Committed c = new Committed(entry.epoch(), entry.kind(), text(entry));
            Committed earlier = byOffset.putIfAbsent(entry.offset(), c);
            if (earlier != null && !earlier.equals(c)) {
                throw new AssertionError(who + " committed " + c + " at offset " + entry.offset() + " where "
                        + earlier + " was committed before");
            }
        }
    }

    /**
     * Checks that a new leader's log (from {@code logStart}, below which a snapshot or retention freed
     * it, to {@code logEnd}) holds every committed entry.
     */
    void checkHeldBy(String who, LogReader log, long logStart, long logEnd) {
        long end = byOffset.keySet().stream().mapToLong(o -> o + 1).max().orElse(0);
        if (logEnd < end) {
            throw new AssertionError(who + " ends at " + logEnd + " but entries up to " + end + " were committed");
        }
        for (LogEntry entry : readAll(who, log, Math.min(logStart, end), end)) {
            Committed c = byOffset.get(entry.offset());
            if (c != null && (c.epoch() != entry.epoch() || c.kind() != entry.kind() || !c.payload().equals(text(entry)))) {
                throw new AssertionError(who + " has " + entry + " at committed offset " + entry.offset()
                        + " which holds " + c);
            }
        }
    }

    /**
     * The payload of the committed entry at {@code offset} if it is a data entry.
     *
     * @throws AssertionError if no replica reported that offset committed
     */
    Optional<String> committedData(long offset) {
        Committed c = byOffset.get(offset);
        if (c == null) {
            throw new AssertionError("offset " + offset + " was applied but no replica reported it committed");
        }
        return c.kind() == EntryKind.DATA ? Optional.of(c.payload()) : Optional.empty();
    }

    /** Notes a client acknowledgement, checked against the history by {@link #verifyAcks()}. */
    void acknowledged(long offset, String payload) {
        unverifiedAcks.put(offset, payload);
    }

    /** Every acknowledgement must name the committed data entry at its offset. */
    void verifyAcks() {
        unverifiedAcks.forEach((offset, payload) -> {
            Committed c = byOffset.get(offset);
            if (c == null || c.kind() != EntryKind.DATA || !c.payload().equals(payload)) {
                throw new AssertionError("acknowledged " + payload + " at offset " + offset
                        + " but the committed entry there is " + c);
            }
            acked.put(offset, payload);
        });
        unverifiedAcks.clear();
    }

    /** Verified acknowledgements by offset. */
    Map<Long, String> acked() {
        return Collections.unmodifiableMap(acked);
    }

    static List<LogEntry> readAll(String who, LogReader log, long from, long to) {
        List<LogEntry> out = new ArrayList<>();
        long next = from;
        while (next < to) {
            List<LogEntry> chunk = log.read(next, 4096);
            if (chunk.isEmpty() || chunk.get(0).offset() != next) {
                throw new AssertionError(who + " cannot read offset " + next + " below " + to);
            }
            for (LogEntry entry : chunk) {
                if (entry.offset() >= to) {
                    break;
                }
                out.add(entry);
                next = entry.offset() + 1;
            }
        }
        return out;
    }

    static String text(LogEntry entry) {
        return StandardCharsets.UTF_8.decode(entry.payload().duplicate()).toString();
    }
}
