package io.chronik.core.group;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.protocol.Errors;

/**
 * Which partitions of {@code __consumer_offsets} this coordinator serves: a group's coordinator is
 * the leader of the group's partition, so a node serves the groups of the partitions it leads and
 * sends clients elsewhere for the rest. A partition is {@link State#LOADING} while its groups are
 * replayed, then {@link State#ACTIVE}; a partition not in the map is not served here.
 *
 * <p>The answers are Kafka's: {@code NOT_COORDINATOR} for a group of a partition served elsewhere
 * (the client asks FindCoordinator again), {@code COORDINATOR_LOAD_IN_PROGRESS} while loading (the
 * client retries the same node). Thread-safe.
 */
final class HostedPartitions {

    /** A served partition's phase. */
    enum State {
        LOADING, ACTIVE
    }

    private final Map<Integer, State> states = new ConcurrentHashMap<>();

    void loading(int partition) {
        states.put(partition, State.LOADING);
    }

    void active(int partition) {
        states.put(partition, State.ACTIVE);
    }

    /** Stops serving {@code partition}; returns whether it was served. */
    boolean remove(int partition) {
        return states.remove(partition) != null;
    }

    /** Whether {@code partition} is served (loading or active). */
    boolean hosts(int partition) {
        return states.containsKey(partition);
    }

    /** {@code NONE} if the groups of {@code partition} are served here now, else the error that tells the client why not. */
    Errors errorFor(int partition) {
        State state = states.get(partition);
        if (state == null) {
            return Errors.NOT_COORDINATOR;
        }
        return state == State.ACTIVE ? Errors.NONE : Errors.COORDINATOR_LOAD_IN_PROGRESS;
    }

    /** The active partitions, for describing this coordinator. */
    Set<Integer> active() {
        return states.entrySet().stream().filter(e -> e.getValue() == State.ACTIVE).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }
}
